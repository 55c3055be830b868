package org.hanedge.simulators.modbus;

import java.util.concurrent.locks.LockSupport;

/**
 * Emulates the wire time of a real serial line of a given baud rate: a request of {@code q} bytes and its response of
 * {@code r} bytes occupy {@code (q + r) * 11} bit times (start, 8 data, parity or second stop, stop) plus a
 * 3.5-character inter-frame gap. Over a pseudo-terminal bytes arrive instantly, so the slave waits until that much
 * time has passed since the request's first byte arrived before it writes the response; a master then measures
 * realistic bus time.
 */
public final class LineTiming {
    public static final int BITS_PER_CHAR = 11;

    private final int baud;
    private final long charNanos;

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

    /** Blocks until {@link #exchangeNanos} has passed since {@code requestStartNanos} (a {@link System#nanoTime()}). */
    public void awaitResponseSlot(long requestStartNanos, int requestBytes, int responseBytes) {
        long deadline = requestStartNanos + exchangeNanos(requestBytes, responseBytes);
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
