package org.hanedge.gateway.modbus.internal;

import java.time.Duration;

/**
 * Per-device polling policy.
 *
 * @param unitId       Modbus unit (slave) id
 * @param timeout      response timeout of one request
 * @param retries      extra tries of a request after a communication failure (not after exception responses)
 * @param backoff      wait before the first retry; doubled before each further retry
 * @param coalesceGap  unused registers/bits tolerated inside one request
 * @param offlineAfter consecutive failed poll cycles after which the device is offline
 * @param offlinePoll  probe interval while offline
 */
public record PollerSettings(int unitId, Duration timeout, int retries, Duration backoff, int coalesceGap,
        int offlineAfter, Duration offlinePoll) {

    public static final Duration DEFAULT_BACKOFF = Duration.ofMillis(50);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(2);

    public PollerSettings {
        if (unitId < 0 || unitId > 255) {
            throw new IllegalArgumentException("unit.id must be 0..255, not " + unitId);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive");
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must not be negative");
        }
        backoff = backoff == null || backoff.isNegative() ? DEFAULT_BACKOFF : backoff;
        if (coalesceGap < 0) {
            throw new IllegalArgumentException("coalesce.gap must not be negative");
        }
        if (offlineAfter < 1) {
            throw new IllegalArgumentException("offline.after must be at least 1");
        }
        if (offlinePoll == null || offlinePoll.isNegative() || offlinePoll.isZero()) {
            throw new IllegalArgumentException("offline.poll must be positive");
        }
    }

    /** Defaults of the configuration: unit 1, 1 s timeout, 2 retries, gap 8, offline after 3, probe every 30 s. */
    public static PollerSettings defaults() {
        return new PollerSettings(1, Duration.ofSeconds(1), 2, DEFAULT_BACKOFF, PollPlanner.DEFAULT_MAX_GAP, 3,
                Duration.ofSeconds(30));
    }

    /** Wait before retry number {@code attempt} (1-based): backoff, 2 x backoff, 4 x backoff ..., at most 2 s. */
    public Duration backoffBefore(int attempt) {
        long factor = 1L << Math.min(20, Math.max(0, attempt - 1));
        Duration d = backoff.multipliedBy(factor);
        return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
    }

    public int timeoutMillis() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }
}
