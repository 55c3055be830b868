package org.hanedge.gateway.serial.internal;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts bad input per {@link BadInput reason} and logs it at a bounded rate: at most one line per reason per
 * {@code interval} (default one minute), carrying the count since the previous line, the total and a sample of the
 * offending input (non-printable bytes escaped, shortened). A flood of garbage therefore costs a handful of log lines,
 * never a log line per byte. Thread-safe; counting is lock-free.
 */
public final class BadInputCounter {
    private static final Logger LOG = LoggerFactory.getLogger(BadInputCounter.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    private static final int SAMPLE_CHARS = 96;
    private static final BadInput[] REASONS = BadInput.values();

    private final String deviceId;
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final AtomicLongArray totals = new AtomicLongArray(REASONS.length);
    private final long[] loggedTotals = new long[REASONS.length];
    private final long[] lastLog = new long[REASONS.length];
    private final boolean[] everLogged = new boolean[REASONS.length];
    private volatile long logLines;

    public BadInputCounter(String deviceId) {
        this(deviceId, DEFAULT_INTERVAL, System::nanoTime);
    }

    public BadInputCounter(String deviceId, Duration interval, LongSupplier nanoClock) {
        this.deviceId = deviceId;
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /** Counts one occurrence; logs it if the reason has not been logged within the interval. */
    public void count(BadInput reason, CharSequence sample) {
        int i = reason.ordinal();
        long total = totals.incrementAndGet(i);
        long now = nanoClock.getAsLong();
        synchronized (this) {
            if (everLogged[i] && now - lastLog[i] < intervalNanos) {
                return;
            }
            long since = total - loggedTotals[i];
            loggedTotals[i] = total;
            lastLog[i] = now;
            everLogged[i] = true;
            logLines++;
            String text = sample == null ? "" : escape(sample);
            if (reason.warns()) {
                LOG.warn("device {}: bad serial input {}: {} since last report ({} total), e.g. '{}'", deviceId,
                        reason, since, total, text);
            } else if (LOG.isDebugEnabled()) {
                LOG.debug("device {}: ignored serial input {}: {} since last report ({} total), e.g. '{}'", deviceId,
                        reason, since, total, text);
            }
        }
    }

    /** Total occurrences of one reason since start. */
    public long count(BadInput reason) {
        return totals.get(reason.ordinal());
    }

    /** Total of the fault reasons ({@link BadInput#warns()}). */
    public long faults() {
        long n = 0;
        for (BadInput r : REASONS) {
            if (r.warns()) {
                n += totals.get(r.ordinal());
            }
        }
        return n;
    }

    /** Counts per reason (non-zero only). */
    public Map<BadInput, Long> snapshot() {
        Map<BadInput, Long> m = new EnumMap<>(BadInput.class);
        for (BadInput r : REASONS) {
            long n = totals.get(r.ordinal());
            if (n > 0) {
                m.put(r, n);
            }
        }
        return m;
    }

    /** Log lines written so far (warn and debug), for tests of the rate limit. */
    public long logLines() {
        return logLines;
    }

    /** The sample as printable ASCII: control and non-ASCII characters as \xNN, at most 48 characters. */
    static String escape(CharSequence s) {
        StringBuilder sb = new StringBuilder(Math.min(s.length(), SAMPLE_CHARS) + 8);
        for (int i = 0; i < s.length() && sb.length() < SAMPLE_CHARS; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            } else {
                sb.append(String.format("\\x%02X", (int) c & 0xff));
            }
        }
        if (sb.length() >= SAMPLE_CHARS && s.length() > SAMPLE_CHARS) {
            sb.append("...");
        }
        return sb.toString();
    }
}
