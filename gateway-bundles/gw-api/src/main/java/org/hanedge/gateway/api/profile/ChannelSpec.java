package org.hanedge.gateway.api.profile;

import java.time.Duration;

/**
 * One channel of a profile.
 *
 * @param name        unique within the profile; lower snake case; becomes the SenML record name
 * @param description what the channel measures
 * @param unit        SenML/UCUM unit ({@code m}, {@code Cel}, {@code mg/L}, {@code m3/h} ...); {@code null} only for
 *                    boolean and text channels
 * @param kind        the kind of value the channel carries
 * @param source      where the value comes from
 * @param poll        how often a polled source is read; ignored by event sources (GPIO edges, streamed serial)
 * @param reporting   report-by-exception rule
 * @param alarms      alarm limits, or {@link AlarmLimits#NONE}
 * @param lwm2m       LwM2M object/instance/resource the channel maps to, or {@code null}
 */
public record ChannelSpec(String name, String description, String unit, ValueKind kind, Source source, Duration poll,
        Reporting reporting, AlarmLimits alarms, Lwm2mMapping lwm2m) {
}
