package org.hanedge.gateway.outbox.internal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Finds the records behind a damaged one in a segment's bytes. A resynchronisation candidate counts only if it is a
 * fully valid record: a plausible length (1 byte up to {@link RecordFormat#MAX_RECORD}, ending inside the bytes),
 * a matching CRC32C, a sequence number inside the range the segment can hold ({@code lo..hi}: its name's first seq
 * or above the last good record, and below the next segment's first seq) and a payload that decodes exactly. A
 * false match needs a 32-bit CRC collision at a position whose length and seq also fit, and a decodable payload.
 * Not thread-safe (one instance per caller).
 */
final class FrameResync {
    /** The smallest record on disk: the frame header and a one-byte payload. */
    static final int MIN_FRAME = RecordFormat.FRAME_HEADER + 1;

    private final CRC32C crc = new CRC32C();

    /** The payload length if a valid record starts at {@code p} (within {@code a[0..n)}) with seq in [lo, hi], else -1. */
    int validFrame(byte[] a, int p, int n, long lo, long hi, boolean decode) {
        if (p < 0 || p + RecordFormat.FRAME_HEADER > n) {
            return -1;
        }
        ByteBuffer b = ByteBuffer.wrap(a);
        int len = b.getInt(p);
        if (!RecordFormat.validLength(len) || (long) p + RecordFormat.FRAME_HEADER + len > n) {
            return -1;
        }
        long seq = b.getLong(p + 8);
        if (seq < lo || seq > hi) {
            return -1;
        }
        if (RecordFormat.crc(crc, a, p, len) != b.getInt(p + 4)) {
            return -1;
        }
        if (decode) {
            try {
                PayloadCodec.decode(ByteBuffer.wrap(a, p + RecordFormat.FRAME_HEADER, len).slice());
            } catch (RuntimeException e) {
                return -1;
            }
        }
        return len;
    }

    /** The first position at or after {@code from} where a valid record with seq in [lo, hi] starts, or -1. */
    int findNext(byte[] a, int from, int n, long lo, long hi) {
        for (int p = Math.max(0, from); p + MIN_FRAME <= n; p++) {
            if (validFrame(a, p, n, lo, hi, true) >= 0) {
                return p;
            }
        }
        return -1;
    }

    /**
     * How many records the damaged bytes {@code a[from..to)} held: walks the length fields; exact when they lead
     * exactly to {@code to}, otherwise at least one (a torn or unreadable record).
     */
    static long lostBetween(byte[] a, int from, int to) {
        if (to <= from) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.wrap(a);
        long k = 0;
        long p = from;
        while (p + RecordFormat.FRAME_HEADER <= to) {
            int len = b.getInt((int) p);
            if (!RecordFormat.validLength(len)) {
                break;
            }
            p += RecordFormat.FRAME_HEADER + len;
            k++;
            if (p >= to) {
                break;
            }
        }
        return p == to ? k : Math.max(1, k);
    }
}
