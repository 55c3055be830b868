package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.function.LongUnaryOperator;

/**
 * Exponential back-off with full jitter: after the n-th consecutive failure (n = 1, 2, ...) the delay is uniform in
 * {@code [min, min(max, min * 2^(n-1))]}, so the ceiling doubles per failure up to {@code max} and a fleet that lost
 * its broker at the same moment does not come back in lock-step. {@link #reset()} after a successful connect.
 * Not thread-safe (used by the uplink thread only).
 */
public final class Backoff {
    private final long minMs;
    private final long maxMs;
    private final LongUnaryOperator random; // bound -> uniform value in [0, bound)
    private int failures;

    public Backoff(long minMs, long maxMs) {
        this(minMs, maxMs, bound -> java.util.concurrent.ThreadLocalRandom.current().nextLong(bound));
    }

    Backoff(long minMs, long maxMs, LongUnaryOperator random) {
        if (minMs <= 0 || maxMs < minMs) {
            throw new IllegalArgumentException("reconnect.min.ms must be > 0 and <= reconnect.max.ms, got " + minMs
                    + " and " + maxMs);
        }
        this.minMs = minMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The ceiling of the next delay without drawing it. */
    public long ceilingMs() {
        int shift = Math.min(failures, 40);
        long ceiling = minMs << shift;
        return ceiling <= 0 || ceiling > maxMs || (ceiling >> shift) != minMs ? maxMs : ceiling;
    }

    /** Counts a failure and returns how long to wait before the next attempt. */
    public long nextDelayMs() {
        long ceiling = ceilingMs();
        failures++;
        return minMs + random.applyAsLong(ceiling - minMs + 1);
    }

    public void reset() {
        failures = 0;
    }

    public int failures() {
        return failures;
    }
}
