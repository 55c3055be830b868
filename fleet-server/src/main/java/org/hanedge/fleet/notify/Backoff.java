package org.hanedge.fleet.notify;

import java.time.Duration;

/**
 * Retry delays: after the n-th failed attempt, {@code min(max, base * 2^(n-1))} plus a jitter of up to 25 % of it
 * (so deliveries that failed together do not retry in lock-step). With base 1 s: about 1, 2, 4, 8 ... s, capped.
 */
record Backoff(Duration base, Duration max) {

    /**
     * @param failedAttempts attempts made so far, at least 1
     * @param random         uniform in [0, 1)
     */
    Duration delay(int failedAttempts, double random) {
        int doublings = Math.min(Math.max(failedAttempts, 1) - 1, 40);
        long baseMs = Math.max(1, base.toMillis());
        long capped = baseMs > max.toMillis() >> doublings ? max.toMillis() : baseMs << doublings;
        capped = Math.min(capped, max.toMillis());
        return Duration.ofMillis(capped + (long) (capped * 0.25 * random));
    }
}
