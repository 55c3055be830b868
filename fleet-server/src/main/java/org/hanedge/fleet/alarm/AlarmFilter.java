package org.hanedge.fleet.alarm;

import java.time.Instant;

/**
 * Which alarms a list shows; {@code null} fields do not filter.
 *
 * @param state        RAISED or CLEARED; {@code null} = all
 * @param acknowledged acknowledged or not
 * @param from         raised at or after
 * @param to           raised before
 */
public record AlarmFilter(AlarmState state, Boolean acknowledged, String gateway, String severity, Instant from,
        Instant to) {
    public static final AlarmFilter ALL = new AlarmFilter(null, null, null, null, null, null);
}
