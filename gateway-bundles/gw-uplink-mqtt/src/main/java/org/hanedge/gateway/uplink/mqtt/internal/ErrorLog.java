package org.hanedge.gateway.uplink.mqtt.internal;

import java.time.Instant;
import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last connection error (for status and stats) and its log lines: one line naming the broker, the cause and the
 * next retry; the same cause at WARN at most every 5 minutes (DEBUG in between), a changed cause at once.
 */
final class ErrorLog {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /** The same error is repeated at WARN at most this often; in between it goes to DEBUG. */
    private static final long SAME_ERROR_LOG_INTERVAL_MS = 5 * 60_000;

    private final String brokerUri;
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private String lastLoggedError; // uplink thread only
    private long lastLoggedErrorAt;

    ErrorLog(String brokerUri) {
        this.brokerUri = brokerUri;
    }

    void record(String cause) {
        lastError = cause;
        lastErrorTime = Instant.now();
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorTime() {
        return lastErrorTime;
    }

    /** Logs the last error with the delay until the next attempt. */
    void logRetry(long retryMs) {
        String cause = lastError;
        long now = System.currentTimeMillis();
        String line = "uplink " + brokerUri + ": " + cause + "; retrying in " + formatDelay(retryMs);
        if (!cause.equals(lastLoggedError) || now - lastLoggedErrorAt >= SAME_ERROR_LOG_INTERVAL_MS) {
            LOG.warn(line);
            lastLoggedError = cause;
            lastLoggedErrorAt = now;
        } else {
            LOG.debug(line);
        }
    }

    /** After a successful connect: the next error is logged at WARN whatever it is. */
    void connected() {
        lastLoggedError = null;
    }

    static String formatDelay(long ms) {
        return ms < 10_000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000.0) : (ms + 500) / 1000 + " s";
    }
}
