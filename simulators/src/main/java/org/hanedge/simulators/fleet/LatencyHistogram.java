package org.hanedge.simulators.fleet;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free histogram of durations in logarithmic buckets (8 per doubling, so a quantile is at most about 9 % too
 * high), from 1 µs to about an hour. Thread-safe.
 */
final class LatencyHistogram {
    private static final int PER_DOUBLING = 8;
    private static final int BUCKETS = 32 * PER_DOUBLING;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        long micros = Math.max(1, nanos / 1000);
        counts.incrementAndGet(index(micros));
        max.accumulateAndGet(nanos, Math::max);
    }

    static int index(long micros) {
        int b = (int) (Math.log(micros) / Math.log(2) * PER_DOUBLING);
        return Math.max(0, Math.min(BUCKETS - 1, b));
    }

    /** The upper bound of a bucket, in microseconds. */
    static long upperMicros(int bucket) {
        return (long) Math.ceil(Math.pow(2, (bucket + 1) / (double) PER_DOUBLING));
    }

    long count() {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            n += counts.get(i);
        }
        return n;
    }

    /** The {@code q} quantile (0..1) as a bucket's upper bound, capped at the maximum; zero when empty. */
    Duration quantile(double q) {
        long[] c = new long[BUCKETS];
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            c[i] = counts.get(i);
            n += c[i];
        }
        if (n == 0) {
            return Duration.ZERO;
        }
        long rank = Math.max(1, (long) Math.ceil(q * n));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += c[i];
            if (seen >= rank) {
                return Duration.ofNanos(Math.min(max.get(), upperMicros(i) * 1000));
            }
        }
        return Duration.ofNanos(max.get());
    }

    Duration max() {
        return Duration.ofNanos(max.get());
    }
}
