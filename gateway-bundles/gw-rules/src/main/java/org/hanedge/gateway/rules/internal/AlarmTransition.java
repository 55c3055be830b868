package org.hanedge.gateway.rules.internal;

import java.time.Instant;

import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.Severity;

/**
 * An alarm raised or cleared.
 *
 * @param id       stable id {@code <deviceId>/<channel>/<KIND>}
 * @param raised   true when raised, false when cleared
 * @param value    the channel's value that completed it (for RATE_OF_CHANGE: the rate per minute), or null
 * @param limit    the limit crossed (null for STATE and STUCK)
 * @param time     when the transition completed (its delay ran out)
 * @param since    when its condition began
 * @param message  human text
 */
public record AlarmTransition(String id, String deviceId, String channel, AlarmKind kind, boolean raised,
        Severity severity, Object value, Double limit, Instant time, Instant since, String message) {

    static String id(String deviceId, String channel, AlarmKind kind) {
        return deviceId + "/" + channel + "/" + kind.name();
    }

    /**
     * The document sent on the {@code alarm} topic: {@code {"alarm","device","channel","kind","state","severity",
     * "value","limit","time","since","message"}}.
     */
    public String json() {
        return "{\"alarm\":" + Json.string(id) + ",\"device\":" + Json.string(deviceId) + ",\"channel\":"
                + Json.string(channel) + ",\"kind\":" + Json.string(kind.name()) + ",\"state\":"
                + (raised ? "\"raised\"" : "\"cleared\"") + ",\"severity\":" + Json.string(severity.name())
                + ",\"value\":" + Json.value(value) + ",\"limit\":" + Json.value(limit) + ",\"time\":"
                + Json.string(time.toString()) + ",\"since\":" + Json.string(since.toString()) + ",\"message\":"
                + Json.string(message) + "}";
    }
}
