package org.hanedge.fleet.alarm;

import java.time.Instant;

/**
 * One transition of an alarm, as {@link AlarmListener}s see it.
 *
 * @param type    what happened
 * @param alarm   the alarm after the transition
 * @param at      when it happened (the raise or clear time the gateway or rule gave; the acknowledgement time)
 * @param actor   the operator who acknowledged; {@code GATEWAY} or {@code SERVER} for raises and clears
 * @param comment the acknowledgement's comment, else null
 */
public record AlarmTransition(AlarmEventType type, AlarmDto alarm, Instant at, String actor, String comment) {
}
