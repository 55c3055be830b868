package org.hanedge.gateway.api.profile;

import java.time.Duration;

/**
 * Report-by-exception rule: a value is reported when it moves by more than {@code deadband} from the last reported
 * value (or changes at all, with {@code onChange}), and at least every {@code heartbeat}.
 *
 * @param deadband  absolute deadband in the channel's unit; 0 reports every sample
 * @param onChange  report any change (for states and booleans)
 * @param heartbeat longest silence before the current value is reported anyway; {@code null} for none
 */
public record Reporting(double deadband, boolean onChange, Duration heartbeat) {
    /** Report every sample. */
    public static final Reporting EVERY_SAMPLE = new Reporting(0, false, null);
}
