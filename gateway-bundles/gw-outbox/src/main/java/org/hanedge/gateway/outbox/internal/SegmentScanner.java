package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a segment at start: reads every record and checks its CRC; at the first torn or damaged record the file
 * is truncated there and fsynced, and the records lost are counted as {@code CORRUPT}.
 */
final class SegmentScanner {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's
    private static final int READ_CHUNK = 64 * 1024;
    /** Longest damaged tail searched for intact-looking records. */
    private static final long RESYNC_LIMIT = 16L * 1024 * 1024;

    private final DiskIo disk;
    private final DropCounters drops;

    SegmentScanner(DiskIo disk, DropCounters drops) {
        this.disk = disk;
        this.drops = drops;
    }

    /**
     * Verifies every record of a segment; truncates at the first torn or damaged one. Sets size, records, unacked
     * and lastSeq. Returns the last good sequence number of the lane.
     */
    long scan(Segment s, long prevSeq) throws IOException {
        Lane lane = s.lane;
        FileChannel ch = s.channel();
        long size = ch.size();
        long pos = 0;
        long bad = -1;
        String why = null;
        ByteBuffer head = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER);
        if (size < RecordFormat.SEGMENT_HEADER) {
            bad = 0;
            why = "torn segment header";
        } else {
            DiskIo.readFully(ch, head, 0);
            if (!RecordFormat.isSegmentHeader(head)) {
                bad = 0;
                why = "bad segment header";
            }
            pos = RecordFormat.SEGMENT_HEADER;
        }
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        long bufStart = pos;
        buf.limit(0);
        CRC32C crc = new CRC32C();
        while (bad < 0 && pos < size) {
            // make sure the frame header and then the whole frame are in buf
            if (pos + RecordFormat.FRAME_HEADER > size) {
                bad = pos;
                why = "torn record header";
                break;
            }
            int off = (int) (pos - bufStart);
            if (off + RecordFormat.FRAME_HEADER > buf.limit()) {
                buf = refill(ch, buf, pos, size, RecordFormat.FRAME_HEADER);
                bufStart = pos;
                off = 0;
            }
            int len = buf.getInt(off);
            if (!RecordFormat.validLength(len) || pos + RecordFormat.FRAME_HEADER + len > size) {
                bad = pos;
                why = pos + RecordFormat.FRAME_HEADER + len > size && RecordFormat.validLength(len) ? "torn record"
                        : "bad record length " + len;
                break;
            }
            if (off + RecordFormat.FRAME_HEADER + len > buf.limit()) {
                buf = refill(ch, buf, pos, size, RecordFormat.FRAME_HEADER + len);
                bufStart = pos;
                off = 0;
            }
            int expected = RecordFormat.crc(crc, buf.array(), off, len);
            long seq = buf.getLong(off + 8);
            if (expected != buf.getInt(off + 4)) {
                bad = pos;
                why = "checksum mismatch";
                break;
            }
            if (seq <= prevSeq) {
                bad = pos;
                why = "sequence " + seq + " not after " + prevSeq;
                break;
            }
            prevSeq = seq;
            s.records++;
            s.lastSeq = seq;
            if (!lane.isAcknowledged(seq)) {
                s.unacked++;
            }
            pos += RecordFormat.FRAME_HEADER + len;
        }
        if (bad >= 0) {
            long fragments = 1 + resync(ch, Math.max(bad + 1, RecordFormat.SEGMENT_HEADER), size, prevSeq);
            LOG.warn("outbox {}: {} at offset {}; discarding {} bytes from there ({} damaged or unreachable "
                    + "records/fragments), keeping {} records before it", s.path, why, bad, size - bad, fragments,
                    s.records);
            drops.add(DropReason.CORRUPT, fragments);
            ch.truncate(bad);
            disk.force(ch, true);
            pos = bad;
        }
        s.size = pos;
        return prevSeq;
    }

    private static ByteBuffer refill(FileChannel ch, ByteBuffer buf, long pos, long size, int need)
            throws IOException {
        ByteBuffer b = need > buf.capacity() ? ByteBuffer.allocate(need) : buf;
        b.clear();
        b.limit((int) Math.min(b.capacity(), size - pos));
        DiskIo.readFully(ch, b, pos);
        b.flip();
        return b;
    }

    /** Counts intact-looking records after a damaged one (they are lost with it). Bounded to 16 MiB of tail. */
    private static long resync(FileChannel ch, long from, long size, long prevSeq) throws IOException {
        long n = size - from;
        if (n < RecordFormat.FRAME_HEADER + 1 || n > RESYNC_LIMIT) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.allocate((int) n);
        DiskIo.readFully(ch, b, from);
        byte[] a = b.array();
        CRC32C crc = new CRC32C();
        long found = 0;
        int p = 0;
        while (p + RecordFormat.FRAME_HEADER < n) {
            int len = b.getInt(p);
            if (len >= 1 && p + RecordFormat.FRAME_HEADER + (long) len <= n) {
                if (RecordFormat.crc(crc, a, p, len) == b.getInt(p + 4) && b.getLong(p + 8) > prevSeq) {
                    found++;
                    p += RecordFormat.FRAME_HEADER + len;
                    continue;
                }
            }
            p++;
        }
        return found;
    }
}
