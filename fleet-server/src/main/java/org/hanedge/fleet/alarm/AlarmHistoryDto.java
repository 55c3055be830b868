package org.hanedge.fleet.alarm;

import java.time.Instant;

/**
 * One transition in an alarm's history, oldest first in a history list.
 *
 * @param actor    the operator who acknowledged; {@code GATEWAY} or {@code SERVER} for raises and clears
 * @param comment  the acknowledgement's comment
 * @param severity the alarm's severity at the time
 * @param value    the alarm's value at the time
 * @param message  the alarm's message at the time
 */
public record AlarmHistoryDto(long id, AlarmEventType event, Instant at, String actor, String comment,
        String severity, Double value, String message) {
}
