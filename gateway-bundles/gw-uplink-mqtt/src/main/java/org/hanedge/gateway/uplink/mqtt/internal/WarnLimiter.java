package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.function.LongSupplier;

import org.slf4j.Logger;

/**
 * WARN at a bounded rate: at most {@code burst} lines per {@code windowMs}, the rest at DEBUG; the first WARN after a
 * quiet spell says how many were demoted. For input from outside (bad commands), so a flood cannot flood the log.
 */
final class WarnLimiter {
    private final Logger log;
    private final int burst;
    private final long windowMs;
    private final LongSupplier clock;
    private long windowStart = Long.MIN_VALUE;
    private int inWindow;
    private long suppressed;

    WarnLimiter(Logger log, int burst, long windowMs, LongSupplier clock) {
        this.log = log;
        this.burst = burst;
        this.windowMs = windowMs;
        this.clock = clock;
    }

    /**
     * Logs {@code line} at WARN when the budget allows, else at DEBUG; true when it went to WARN. Control characters
     * (from outside: topic names, payload excerpts) are shown as {@code ?}, so one line stays one line.
     */
    synchronized boolean warn(String text) {
        String line = printable(text);
        long now = clock.getAsLong();
        if (windowStart == Long.MIN_VALUE || now - windowStart >= windowMs) {
            windowStart = now;
            inWindow = 0;
        }
        if (inWindow < burst) {
            inWindow++;
            if (suppressed > 0) {
                log.warn("{} ({} similar lines logged at DEBUG before)", line, suppressed);
                suppressed = 0;
            } else {
                log.warn(line);
            }
            return true;
        }
        suppressed++;
        log.debug(line);
        return false;
    }

    static String printable(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return b.toString();
    }
}
