package org.hanedge.gateway.rules.internal;

import org.slf4j.Logger;

/** Logs a recurring failure at WARN at most once per interval; the rest go to DEBUG and are counted in the next WARN. */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalMs;
    private long lastWarn = Long.MIN_VALUE;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalMs) {
        this.log = log;
        this.intervalMs = intervalMs;
    }

    synchronized void warn(String message, Throwable cause) {
        long now = System.currentTimeMillis();
        if (lastWarn == Long.MIN_VALUE || now - lastWarn >= intervalMs) {
            String extra = suppressed > 0 ? " (" + suppressed + " similar since the last warning)" : "";
            log.warn(message + extra, cause);
            lastWarn = now;
            suppressed = 0;
        } else {
            suppressed++;
            log.debug(message, cause);
        }
    }
}
