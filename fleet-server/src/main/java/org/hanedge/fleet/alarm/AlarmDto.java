package org.hanedge.fleet.alarm;

import java.time.Instant;

/**
 * An alarm as the API shows it.
 *
 * @param key            stable id of the condition: the same condition raised again has the same key
 * @param severity       as the gateway (or server rule) named it, upper case
 * @param value          the value that raised the alarm
 * @param limit          the limit it crossed
 * @param acknowledged   an operator has acknowledged it
 * @param acknowledgedBy user who acknowledged it; absent while unacknowledged
 * @param comment        the acknowledgement's comment
 */
public record AlarmDto(long id, String gateway, String device, String channel, String key, String severity,
        AlarmState state, AlarmSource source, String message, Double value, Double limit, Instant raisedAt,
        Instant clearedAt, boolean acknowledged, Instant acknowledgedAt, String acknowledgedBy, String comment) {
}
