package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Verifies a segment at start: reads every record and checks its CRC. At a torn or damaged record it
 * resynchronises at the next fully valid record ({@link FrameResync}) and keeps the intact records behind the
 * damage: they are moved down over the damaged bytes in place (no extra disk space needed), the file is truncated
 * after the last good record and fsynced. The records lost are counted as {@code CORRUPT}.
 */
final class SegmentScanner {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's
    private static final int READ_CHUNK = 64 * 1024;
    /** Longest damaged tail searched for intact records (read into memory); a segment is normally 1 MiB. */
    private static final long RESYNC_LIMIT = 64L * 1024 * 1024;

    private final DiskIo disk;
    private final DropCounters drops;
    private final FrameResync resync = new FrameResync();
    /** Bytes of damaged records discarded by all scans so far. */
    long discardedBytes;
    /** Records lost by all scans so far. */
    long lostRecords;

    SegmentScanner(DiskIo disk, DropCounters drops) {
        this.disk = disk;
        this.drops = drops;
    }

    /**
     * Verifies every record of a segment, repairing it if damaged. Sets size, records, unacked and lastSeq.
     *
     * @param prevSeq the last good sequence number of the lane before this segment
     * @param hiSeq   the highest sequence number the segment can hold (below the next segment's first)
     * @return the last good sequence number of the lane
     */
    long scan(Segment s, long prevSeq, long hiSeq) throws IOException {
        FileChannel ch = s.channel();
        long size = ch.size();
        long lo = Math.max(prevSeq + 1, s.firstSeq);
        if (size < RecordFormat.SEGMENT_HEADER) {
            if (size > 0) {
                LOG.warn("outbox {}: torn segment header ({} bytes); discarding it", s.path, size);
                drops.add(DropReason.CORRUPT, 1);
                lostRecords++;
                discardedBytes += size;
                ch.truncate(0);
                disk.force(ch, true);
            }
            s.size = 0;
            return prevSeq;
        }
        ByteBuffer head = ByteBuffer.allocate(RecordFormat.SEGMENT_HEADER);
        DiskIo.readFully(ch, head, 0);
        long bad = -1;
        String why = null;
        long pos = RecordFormat.SEGMENT_HEADER;
        if (!RecordFormat.isSegmentHeader(head)) {
            bad = pos; // the header is rewritten; the records after it are searched like any damaged region
            why = "bad segment header";
            DiskIo.writeFully(ch, RecordFormat.segmentHeader(), 0);
        }
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        long bufStart = pos;
        buf.limit(0);
        CRC32C crc = new CRC32C();
        while (bad < 0 && pos < size) {
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
            if (seq < lo || seq > hiSeq) {
                bad = pos;
                why = "sequence " + seq + " outside " + lo + ".." + hiSeq;
                break;
            }
            keep(s, seq);
            lo = seq + 1;
            prevSeq = seq;
            pos += RecordFormat.FRAME_HEADER + len;
        }
        if (bad >= 0) {
            prevSeq = repair(s, ch, bad, size, why, prevSeq, hiSeq, why.equals("bad segment header"));
        } else {
            s.size = pos;
        }
        return prevSeq;
    }

    private static void keep(Segment s, long seq) {
        s.records++;
        s.lastSeq = seq;
        if (!s.lane.isAcknowledged(seq)) {
            s.unacked++;
        }
    }

    /**
     * Damage at {@code bad}: finds the intact records behind it, moves them down to {@code bad} (in place, crash
     * safe: a crash halfway leaves copies whose seqs are not increasing, skipped by the next scan), truncates and
     * fsyncs. Sets the segment's size; returns the last good seq.
     */
    private long repair(Segment s, FileChannel ch, long bad, long size, String why, long prevSeq, long hiSeq,
            boolean recordMayStartAtBad) throws IOException {
        long tail = size - bad;
        if (tail > RESYNC_LIMIT) {
            LOG.warn("outbox {}: {} at offset {}; the {} bytes after it are too many to search, discarded", s.path,
                    why, bad, tail);
            return cut(s, ch, bad, size, 1, prevSeq);
        }
        byte[] a = new byte[(int) tail];
        DiskIo.readFully(ch, ByteBuffer.wrap(a), bad);
        int n = a.length;
        ByteBuffer kept = ByteBuffer.allocate(n);
        long lost = 0;
        long lostBytes = 0;
        int regions = 0;
        int damage = 0; // start of the current damaged region (relative to bad)
        long lo = Math.max(prevSeq + 1, s.firstSeq);
        int searchFrom = recordMayStartAtBad ? 0 : 1;
        while (damage < n) {
            int next = resync.findNext(a, damage + searchFrom, n, lo, hiSeq);
            searchFrom = 1;
            int end = next < 0 ? n : next;
            if (end > damage) {
                lost += FrameResync.lostBetween(a, damage, end);
                lostBytes += end - damage;
                regions++;
            }
            if (next < 0) {
                break;
            }
            int p = next;
            int len;
            while (p < n && (len = resync.validFrame(a, p, n, lo, hiSeq, false)) >= 0) {
                long seq = ByteBuffer.wrap(a).getLong(p + 8);
                kept.put(a, p, RecordFormat.FRAME_HEADER + len);
                keep(s, seq);
                prevSeq = seq;
                lo = seq + 1;
                p += RecordFormat.FRAME_HEADER + len;
            }
            damage = p;
        }
        if (kept.position() == 0) {
            LOG.warn("outbox {}: {} at offset {}; discarding {} bytes from there ({} damaged records), keeping {}"
                    + " records before it", s.path, why, bad, tail, lost, s.records);
            return cut(s, ch, bad, size, lost, prevSeq);
        }
        kept.flip();
        int keptBytes = kept.remaining();
        DiskIo.writeFully(ch, kept, bad);
        ch.truncate(bad + keptBytes);
        disk.force(ch, true);
        drops.add(DropReason.CORRUPT, lost);
        lostRecords += lost;
        discardedBytes += lostBytes;
        s.size = bad + keptBytes;
        LOG.warn("outbox {}: {} at offset {}; {} damaged region(s) ({} bytes, {} records) discarded, the intact "
                + "records behind them kept ({} bytes); {} records in the segment", s.path, why, bad, regions,
                lostBytes, lost, keptBytes, s.records);
        return prevSeq;
    }

    private long cut(Segment s, FileChannel ch, long bad, long size, long lost, long prevSeq) throws IOException {
        drops.add(DropReason.CORRUPT, lost);
        lostRecords += lost;
        discardedBytes += size - bad;
        ch.truncate(bad);
        disk.force(ch, true);
        s.size = bad;
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
}
