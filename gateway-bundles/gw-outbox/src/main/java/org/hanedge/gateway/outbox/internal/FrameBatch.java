package org.hanedge.gateway.outbox.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.Payload;

/**
 * Payloads of one append encoded as consecutive frames in one buffer ({@link RecordFormat}); the sequence numbers
 * and checksums are filled in by {@link #number} once the numbers are known.
 */
final class FrameBatch {
    private final PayloadCodec.Bytes out;
    private final int[] starts;
    private final int total;

    private FrameBatch(PayloadCodec.Bytes out, int[] starts, int total) {
        this.out = out;
        this.starts = starts;
        this.total = total;
    }

    /** Encodes the payloads into {@code out} (reset first). */
    static FrameBatch encode(List<Payload> payloads, PayloadCodec.Bytes out) {
        int n = payloads.size();
        out.reset();
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            Payload p = Objects.requireNonNull(payloads.get(i), "payload");
            int start = out.len;
            starts[i] = start;
            out.putInt(0);
            out.putInt(0);
            out.putLong(0);
            PayloadCodec.encode(p, out);
            int len = out.len - start - RecordFormat.FRAME_HEADER;
            if (len > RecordFormat.MAX_RECORD) {
                throw new IllegalArgumentException("payload of " + len + " bytes exceeds the limit of "
                        + RecordFormat.MAX_RECORD);
            }
            out.putIntAt(start, len);
        }
        return new FrameBatch(out, starts, out.len);
    }

    int count() {
        return starts.length;
    }

    /** Bytes of all frames together. */
    int bytes() {
        return total;
    }

    /** Stamps the sequence numbers {@code first, first + 1, ...} and each frame's CRC. */
    void number(long first, CRC32C crc) {
        int n = starts.length;
        for (int i = 0; i < n; i++) {
            int s = starts[i];
            int len = i + 1 < n ? starts[i + 1] - s - RecordFormat.FRAME_HEADER : total - s - RecordFormat.FRAME_HEADER;
            out.putLongAt(s + 8, first + i);
            out.putIntAt(s + 4, RecordFormat.crc(crc, out.buf, s, len));
        }
    }

    ByteBuffer buffer() {
        return ByteBuffer.wrap(out.buf, 0, total);
    }
}
