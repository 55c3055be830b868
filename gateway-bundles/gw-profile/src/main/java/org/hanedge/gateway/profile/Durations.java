package org.hanedge.gateway.profile;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Profile durations: an integer and a unit, {@code 500ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}. */
final class Durations {
    static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);
    /** The smallest poll or heartbeat: they must be greater than zero. */
    static final Duration POSITIVE = Duration.ofMillis(1);

    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");

    private Durations() {
    }

    /** The duration {@code text} stands for, or null when it is not written as a duration. */
    static Duration parse(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
