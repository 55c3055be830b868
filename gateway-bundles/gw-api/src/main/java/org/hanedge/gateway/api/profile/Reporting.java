package org.hanedge.gateway.api.profile;

import java.time.Duration;

/**
 * Report-by-exception rule: a value is reported when it moves by more than {@code deadband} from the last reported
 * value (or changes at all, with {@code onChange}), and at least every {@code heartbeat}. With a {@code window},
 * samples are aggregated instead: at the end of each window the channel reports the window's average, and the derived
 * channels {@code <name>_min} and {@code <name>_max} its extremes (numeric channels only).
 *
 * @param deadband  absolute deadband in the channel's unit; 0 reports every sample
 * @param onChange  report any change (for states and booleans)
 * @param heartbeat longest silence before the current value is reported anyway; {@code null} for none
 * @param window    aggregation window, or {@code null} for none
 */
public record Reporting(double deadband, boolean onChange, Duration heartbeat, Duration window) {
    /** Report every sample. */
    public static final Reporting EVERY_SAMPLE = new Reporting(0, false, null, null);

    /** Without window aggregation. */
    public Reporting(double deadband, boolean onChange, Duration heartbeat) {
        this(deadband, onChange, heartbeat, null);
    }

    /** Whether every sample is reported as it comes (no deadband, change filter or window). */
    public boolean everySample() {
        return deadband == 0 && !onChange && window == null;
    }
}
