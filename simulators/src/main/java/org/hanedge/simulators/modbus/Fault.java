package org.hanedge.simulators.modbus;

import java.time.Duration;
import java.util.Locale;

/**
 * A fault a simulated slave injects into its replies.
 *
 * <p>Command syntax (CLI stdin and {@code --fault}): {@code KIND [ARG] [PROBABILITY]} where KIND is
 * <ul>
 * <li>{@code none} - answer normally</li>
 * <li>{@code slow DURATION} - delay each reply ({@code 800ms}, {@code 2s}, or plain milliseconds)</li>
 * <li>{@code exception CODE} - answer with exception CODE (1-255) instead of data</li>
 * <li>{@code timeout} - never reply (TCP: connection stays open)</li>
 * <li>{@code drop} - TCP: close the connection on the request; RTU: drop the request silently</li>
 * <li>{@code garble} - corrupt the reply (RTU: CRC no longer matches; TCP: MBAP header and data bytes damaged)</li>
 * </ul>
 * PROBABILITY (0 &lt; p &le; 1, default 1) makes the fault hit only that fraction of requests, e.g.
 * {@code garble 0.3}, {@code slow 500ms 0.5}.
 *
 * @param kind        what goes wrong
 * @param delay       reply delay for {@link Kind#SLOW}, otherwise zero
 * @param code        exception code for {@link Kind#EXCEPTION}, otherwise 0
 * @param probability fraction of requests the fault applies to
 */
public record Fault(Kind kind, Duration delay, int code, double probability) {

    public enum Kind {
        NONE, SLOW, EXCEPTION, TIMEOUT, DROP, GARBLE
    }

    public static final Fault NONE = new Fault(Kind.NONE, Duration.ZERO, 0, 1);

    public Fault {
        if (probability <= 0 || probability > 1) {
            throw new IllegalArgumentException("fault probability must be in (0, 1], was " + probability);
        }
        if (kind == Kind.EXCEPTION && (code < 1 || code > 255)) {
            throw new IllegalArgumentException("exception code must be 1-255, was " + code);
        }
        delay = delay == null ? Duration.ZERO : delay;
    }

    public static Fault slow(Duration delay) {
        return new Fault(Kind.SLOW, delay, 0, 1);
    }

    public static Fault exception(int code) {
        return new Fault(Kind.EXCEPTION, Duration.ZERO, code, 1);
    }

    public static Fault timeout() {
        return new Fault(Kind.TIMEOUT, Duration.ZERO, 0, 1);
    }

    public static Fault drop() {
        return new Fault(Kind.DROP, Duration.ZERO, 0, 1);
    }

    public static Fault garble() {
        return new Fault(Kind.GARBLE, Duration.ZERO, 0, 1);
    }

    public Fault withProbability(double p) {
        return new Fault(kind, delay, code, p);
    }

    /**
     * Parses {@code KIND [ARG] [PROBABILITY]} (a leading word {@code fault} is accepted and skipped).
     *
     * @throws IllegalArgumentException with a usage message when the text is not a fault
     */
    public static Fault parse(String text) {
        String[] w = text.trim().toLowerCase(Locale.ROOT).split("\\s+");
        int i = 0;
        if (w.length > 0 && w[0].equals("fault")) {
            i++;
        }
        if (i >= w.length || w[i].isEmpty()) {
            throw new IllegalArgumentException("missing fault kind; " + USAGE);
        }
        String kind = w[i++];
        Fault f;
        switch (kind) {
            case "none", "off", "clear" -> f = NONE;
            case "slow" -> {
                if (i >= w.length) {
                    throw new IllegalArgumentException("slow needs a delay, e.g. 'slow 800ms'");
                }
                f = slow(parseDuration(w[i++]));
            }
            case "exception" -> {
                if (i >= w.length) {
                    throw new IllegalArgumentException("exception needs a code, e.g. 'exception 4'");
                }
                try {
                    f = exception(Integer.parseInt(w[i++]));
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("exception code must be a number 1-255");
                }
            }
            case "timeout" -> f = timeout();
            case "drop" -> f = drop();
            case "garble" -> f = garble();
            default -> throw new IllegalArgumentException("unknown fault '" + kind + "'; " + USAGE);
        }
        if (i < w.length) {
            try {
                f = f.withProbability(Double.parseDouble(w[i++]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("probability must be a number in (0, 1]");
            }
        }
        if (i < w.length) {
            throw new IllegalArgumentException("unexpected '" + w[i] + "'; " + USAGE);
        }
        return f;
    }

    public static final String USAGE = "usage: fault none | slow DURATION | exception CODE | timeout | drop | garble"
            + " [PROBABILITY]  (e.g. 'fault slow 800ms', 'fault garble 0.3')";

    static Duration parseDuration(String s) {
        try {
            if (s.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
            }
            if (s.endsWith("s")) {
                return Duration.ofMillis(Math.round(Double.parseDouble(s.substring(0, s.length() - 1)) * 1000));
            }
            return Duration.ofMillis(Long.parseLong(s));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad duration '" + s + "' (use e.g. 800ms or 2s)");
        }
    }

    @Override
    public String toString() {
        String base = switch (kind) {
            case NONE -> "none";
            case SLOW -> "slow " + delay.toMillis() + "ms";
            case EXCEPTION -> "exception " + code;
            case TIMEOUT -> "timeout";
            case DROP -> "drop";
            case GARBLE -> "garble";
        };
        return probability < 1 ? base + " " + probability : base;
    }
}
