package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.function.LongSupplier;

/**
 * Token bucket on messages per second. The bucket holds at most {@code max(1, rate)} tokens (one second's worth), so
 * after an idle period at most that many messages go out back to back; sustained throughput is {@code rate}.
 * Not thread-safe (used by the uplink thread only); the caller waits (interruptibly) for {@link #reserve()}'s result.
 */
public final class RateLimiter {
    private final double ratePerNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    public RateLimiter(double messagesPerSecond) {
        this(messagesPerSecond, System::nanoTime);
    }

    RateLimiter(double messagesPerSecond, LongSupplier nanoClock) {
        if (!(messagesPerSecond > 0)) {
            throw new IllegalArgumentException("rate.messages.per.s must be > 0, got " + messagesPerSecond);
        }
        this.ratePerNano = messagesPerSecond / 1e9;
        this.capacity = Math.max(1.0, messagesPerSecond);
        this.nanoClock = nanoClock;
        this.last = nanoClock.getAsLong();
        this.tokens = capacity;
    }

    private void refill() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * ratePerNano);
        last = now;
    }

    /**
     * Takes a token if one is available and returns 0, or returns how many nanoseconds to wait before asking again
     * (no token is taken then).
     */
    public long reserve() {
        refill();
        if (tokens >= 1.0) {
            tokens -= 1.0;
            return 0;
        }
        return Math.max(1, (long) Math.ceil((1.0 - tokens) / ratePerNano));
    }

    /** Tokens available now (for tests and stats). */
    public double available() {
        refill();
        return tokens;
    }
}
