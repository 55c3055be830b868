package org.hanedge.gateway.api.profile;

/**
 * Alarm limits of a channel; each limit is optional ({@code null}). For boolean channels {@code state} names the
 * value that is an alarm. {@code lowLow < low < high < highHigh} where present.
 *
 * @param lowLow     low-low limit
 * @param low        low limit
 * @param high       high limit
 * @param highHigh   high-high limit
 * @param hysteresis how far back inside a limit the value must come before the alarm clears
 * @param state      for boolean channels: the value that raises the alarm
 */
public record AlarmLimits(Double lowLow, Double low, Double high, Double highHigh, double hysteresis, Boolean state) {
    public static final AlarmLimits NONE = new AlarmLimits(null, null, null, null, 0, null);

    public boolean isEmpty() {
        return lowLow == null && low == null && high == null && highHigh == null && state == null;
    }
}
