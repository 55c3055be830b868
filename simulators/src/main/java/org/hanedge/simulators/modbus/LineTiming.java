package org.hanedge.simulators.modbus;

import java.util.concurrent.locks.LockSupport;

/**
 * Emulates the wire time of a real serial line of a given baud rate: a request of {@code q} bytes and its response of
 * {@code r} bytes occupy {@code (q + r) * 11} bit times (start, 8 data, parity or second stop, stop) plus a
 * 3.5-character inter-frame gap. Over a pseudo-terminal bytes arrive instantly, so the slave waits until that much
 * time has passed since the request's first byte arrived before it writes the response; a master then measures
 * realistic bus time. The line also stays silent for 3.5 characters after each response before the next request can
 * start (the master's inter-frame silence), so back-to-back requests cost what they would on a real line. One
 * instance belongs to one slave's serving thread.
 */
public final class LineTiming {
    public static final int BITS_PER_CHAR = 11;

    private final int baud;
    private final long charNanos;
    private long lineFreeAt = Long.MIN_VALUE;

    public LineTiming(int baud) {
        if (baud <= 0) {
            throw new IllegalArgumentException("baud must be positive, was " + baud);
        }
        this.baud = baud;
        this.charNanos = BITS_PER_CHAR * 1_000_000_000L / baud;
    }

    public int baud() {
        return baud;
    }

    /** Nanoseconds one character takes on the wire. */
    public long charNanos() {
        return charNanos;
    }

    /** Wire time of one request/response exchange including the 3.5-character gap. */
    public long exchangeNanos(int requestBytes, int responseBytes) {
        return (requestBytes + responseBytes) * charNanos + charNanos * 7 / 2;
    }

    /**
     * Blocks until {@link #exchangeNanos} has passed since the request could start on the wire: its first byte's
     * arrival ({@code requestStartNanos}, a {@link System#nanoTime()}), or the end of the silence after the previous
     * response, whichever is later.
     */
    public void awaitResponseSlot(long requestStartNanos, int requestBytes, int responseBytes) {
        long onWire = lineFreeAt == Long.MIN_VALUE ? requestStartNanos : Math.max(requestStartNanos, lineFreeAt);
        long deadline = onWire + exchangeNanos(requestBytes, responseBytes);
        lineFreeAt = deadline + charNanos * 7 / 2;
        long left;
        while ((left = deadline - System.nanoTime()) > 0) {
            if (left > 2_000_000) {
                LockSupport.parkNanos(left - 1_000_000);
            } else {
                Thread.onSpinWait();
            }
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
