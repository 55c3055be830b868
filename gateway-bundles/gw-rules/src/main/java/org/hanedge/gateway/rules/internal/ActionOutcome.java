package org.hanedge.gateway.rules.internal;

import java.time.Instant;

/**
 * What one action of a fired rule did.
 *
 * @param firing       the rule, the profile and the sample that fired it
 * @param outputDevice the device whose output driver answered, or null when none offered the output
 * @param output       the output channel
 * @param set          the value written
 * @param status       the driver's {@code WriteStatus} name, or {@code UNKNOWN_DEVICE} / {@code FAILED} from here
 * @param detail       the driver's reason (e.g. the interlock that refused it), or null
 * @param time         when the outcome was decided
 */
record ActionOutcome(RuleEngine.Firing firing, String outputDevice, String output, Object set, String status,
        String detail, Instant time) {

    /** The document sent on the {@code event} topic. */
    String json() {
        RuleEngine.Firing f = firing;
        return "{\"type\":\"rule-action\",\"rule\":" + Json.string(f.rule().name()) + ",\"profile\":"
                + Json.string(f.profileId()) + ",\"reason\":" + Json.string(f.rule().reason()) + ",\"device\":"
                + Json.string(f.deviceId()) + ",\"channel\":" + Json.string(f.rule().channel()) + ",\"value\":"
                + Json.value(f.value()) + ",\"outputDevice\":" + Json.string(outputDevice) + ",\"output\":"
                + Json.string(output) + ",\"set\":" + Json.value(set) + ",\"status\":" + Json.string(status)
                + ",\"detail\":" + Json.string(detail) + ",\"time\":" + Json.string(time.toString()) + "}";
    }
}
