package org.hanedge.gateway.outbox.internal;

import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.zip.CRC32C;

/**
 * The on-disk record format of a segment: an 8-byte header ({@code HEOB} magic, format version), then records framed
 * as {@code [int length][int crc32c][long seq][payload]}, the CRC covering length, seq and payload.
 */
final class RecordFormat {
    static final int SEGMENT_MAGIC = 0x48454F42; // "HEOB"
    static final int SEGMENT_VERSION = 1;
    static final int SEGMENT_HEADER = 8;
    static final int FRAME_HEADER = 16;
    static final int MAX_RECORD = 16 * 1024 * 1024;

    private RecordFormat() {
    }

    /** A segment is named by the first sequence number it holds. */
    static String segmentFileName(long firstSeq) {
        return String.format(Locale.ROOT, "%020d.seg", firstSeq);
    }

    /** The segment header, ready to be written. */
    static ByteBuffer segmentHeader() {
        return ByteBuffer.allocate(SEGMENT_HEADER).putInt(SEGMENT_MAGIC).putInt(SEGMENT_VERSION).flip();
    }

    static boolean isSegmentHeader(ByteBuffer head) {
        return head.getInt(0) == SEGMENT_MAGIC && head.getInt(4) == SEGMENT_VERSION;
    }

    /** Whether a frame's length field is plausible (1 byte up to {@link #MAX_RECORD}). */
    static boolean validLength(int len) {
        return len >= 1 && len <= MAX_RECORD;
    }

    /** The CRC32C of the frame starting at {@code off} whose payload is {@code len} bytes: length, seq, payload. */
    static int crc(CRC32C crc, byte[] a, int off, int len) {
        crc.reset();
        crc.update(a, off, 4);
        crc.update(a, off + 8, 8 + len);
        return (int) crc.getValue();
    }
}
