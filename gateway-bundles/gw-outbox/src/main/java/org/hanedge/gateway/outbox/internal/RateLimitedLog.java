package org.hanedge.gateway.outbox.internal;

import org.slf4j.Logger;

/** Logs at most one message per interval and says how many were suppressed in between. Thread-safe. */
final class RateLimitedLog {
    private final Logger log;
    private final long intervalNanos;
    private long nextAllowed = Long.MIN_VALUE;
    private long suppressed;

    RateLimitedLog(Logger log, long intervalMillis) {
        this.log = log;
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    void warn(String message, Throwable cause) {
        String text;
        synchronized (this) {
            long now = System.nanoTime();
            if (nextAllowed != Long.MIN_VALUE && now - nextAllowed < 0) {
                suppressed++;
                return;
            }
            nextAllowed = now + intervalNanos;
            text = suppressed == 0 ? message : message + " (" + suppressed + " similar messages suppressed)";
            suppressed = 0;
        }
        if (cause != null && log.isDebugEnabled()) {
            log.warn(text, cause);
        } else {
            log.warn(text);
        }
    }
}
