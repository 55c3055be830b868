package org.hanedge.fleet.telemetry.query;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.fleet.api.BadRequestException;

/**
 * Parsing of the time parameters shared by the telemetry, KPI and alarm endpoints. Every failure is a
 * {@link BadRequestException} naming the parameter.
 */
public final class QueryParameters {
    /** Longest range any query accepts. */
    public static final Duration MAX_RANGE = Duration.ofDays(400);

    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d|w)");

    private QueryParameters() {
    }

    /**
     * An ISO-8601 instant: {@code 2026-11-27T05:00:00Z} or with an offset, {@code 2026-11-27T12:00:00+07:00}.
     *
     * @return the instant, or {@code fallback} when the value is absent or blank
     */
    public static Instant instant(String parameter, String value, Instant fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Instant.parse(value.trim());
        } catch (DateTimeParseException e) {
            throw new BadRequestException(parameter,
                    "'" + value + "' is not an ISO-8601 instant (e.g. 2026-11-27T05:00:00Z or 2026-11-27T12:00:00+07:00)");
        }
    }

    /**
     * A positive duration: ISO-8601 ({@code PT30S}, {@code PT5M}, {@code PT1H}, {@code P1D}) or short form
     * ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, {@code 1d}, {@code 1w}).
     *
     * @return the duration in milliseconds, or {@code null} when absent or blank
     */
    public static Long duration(String parameter, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        long millis;
        Matcher m = SHORT_DURATION.matcher(v.toLowerCase(Locale.ROOT));
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            millis = switch (m.group(2)) {
                case "ms" -> n;
                case "s" -> n * 1000L;
                case "m" -> n * 60_000L;
                case "h" -> n * 3_600_000L;
                case "d" -> n * 86_400_000L;
                default -> n * 7 * 86_400_000L;
            };
        } else {
            try {
                millis = Duration.parse(v.toUpperCase(Locale.ROOT)).toMillis();
            } catch (DateTimeParseException | ArithmeticException e) {
                throw new BadRequestException(parameter, "'" + value
                        + "' is not a duration: use ISO-8601 (PT30S, PT5M, PT1H, P1D) or 30s, 5m, 1h, 1d, 1w");
            }
        }
        if (millis <= 0) {
            throw new BadRequestException(parameter, "must be longer than zero, was '" + value + "'");
        }
        return millis;
    }

    /**
     * Checks {@code from < to} and that the range is at most {@link #MAX_RANGE}.
     *
     * @throws BadRequestException naming {@code from}
     */
    public static void checkRange(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new BadRequestException("from", "must be before to (from=" + from + ", to=" + to + ")");
        }
        if (Duration.between(from, to).compareTo(MAX_RANGE) > 0) {
            throw new BadRequestException("from", "the range from " + from + " to " + to + " is longer than "
                    + MAX_RANGE.toDays() + " days");
        }
    }

    /** A whole number parameter within [min, max]. */
    public static int intParam(String parameter, String value, int fallback, int min, int max) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new BadRequestException(parameter, "'" + value + "' is not a whole number");
        }
        if (n < min || n > max) {
            throw new BadRequestException(parameter, "must be between " + min + " and " + max + ", was " + n);
        }
        return n;
    }
}
