package org.hanedge.gateway.api.profile;

import java.util.Objects;

/**
 * A condition that must hold before an output may be switched on: for example a pump's run relay only while the
 * wet-well level is above the dry-run limit. Switching an output off is never refused.
 *
 * @param output  the output channel it guards
 * @param channel the channel whose latest good reading is checked (a channel of the same profile)
 * @param min     lowest allowed value of {@code channel}, inclusive, or {@code null}
 * @param max     highest allowed value of {@code channel}, inclusive, or {@code null}
 * @param reason  why the interlock exists, reported with a refusal ("dry-run protection")
 */
public record Interlock(String output, String channel, Double min, Double max, String reason) {
    public Interlock {
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(channel, "channel");
        if (min == null && max == null) {
            throw new IllegalArgumentException("interlock on " + output + " needs a min or a max");
        }
    }

    /** Whether {@code value} of {@link #channel()} permits switching the output on. */
    public boolean permits(double value) {
        return (min == null || value >= min) && (max == null || value <= max);
    }
}
