package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Streams durable entries from a lane's read cursor, verifying each record's CRC, skipping acknowledged ones and
 * marking the rest in flight. A damaged record found on the way (bit rot after start) is skipped: reading
 * resynchronises at the next fully valid record of the segment ({@link FrameResync}); an unreadable file (I/O
 * error) discards the rest of that segment. Called with the outbox lock held.
 */
final class LaneReader {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's
    private static final int READ_CHUNK = 64 * 1024;
    private static final long RESYNC_LIMIT = 64L * 1024 * 1024;

    /** A record that fails its checks at {@code offset} of the segment. */
    private static final class DamagedRecord extends IOException {
        private static final long serialVersionUID = 1L;
        final long offset;

        DamagedRecord(String what, long offset) {
            super(what + " at offset " + offset);
            this.offset = offset;
        }
    }

    private final OutboxStore store;
    private final ByteBuffer readBuf = ByteBuffer.allocate(READ_CHUNK);
    private final CRC32C readCrc = new CRC32C();
    private final FrameResync resync = new FrameResync();

    LaneReader(OutboxStore store) {
        this.store = store;
    }

    /** Reads durable entries from the lane's cursor into {@code out} (up to {@code max}), marking them in flight. */
    void read(Lane lane, int max, List<OutboxEntry> out) {
        while (out.size() < max) {
            Segment s = lane.cursor;
            if (s == null || s.doomed) {
                Map.Entry<Long, Segment> next = s == null ? lane.segments.firstEntry()
                        : lane.segments.higherEntry(s.firstSeq);
                if (next == null) {
                    return;
                }
                lane.cursor = next.getValue();
                lane.cursorPos = RecordFormat.SEGMENT_HEADER;
                continue;
            }
            if (lane.cursorPos >= s.durableEnd) {
                Map.Entry<Long, Segment> next = lane.segments.higherEntry(s.firstSeq);
                if (s != lane.active && s.durableEnd >= s.size && next != null) {
                    if (s.damagedAtRead) {
                        settle(lane, s);
                    }
                    lane.cursor = next.getValue();
                    lane.cursorPos = RecordFormat.SEGMENT_HEADER;
                    store.maybeClose(s);
                    continue;
                }
                return;
            }
            try {
                readChunk(lane, s, max, out);
            } catch (DamagedRecord d) {
                resyncAt(lane, s, d);
            } catch (IOException | RuntimeException e) {
                damagedAtRead(lane, s, e);
            }
        }
    }

    private void readChunk(Lane lane, Segment s, int max, List<OutboxEntry> out) throws IOException {
        FileChannel ch = s.channel();
        long limit = s.durableEnd;
        ByteBuffer buf = readBuf;
        buf.clear();
        buf.limit((int) Math.min(buf.capacity(), limit - lane.cursorPos));
        DiskIo.readFully(ch, buf, lane.cursorPos);
        buf.flip();
        int len = buf.getInt(0);
        if (!RecordFormat.validLength(len) || lane.cursorPos + RecordFormat.FRAME_HEADER + len > limit) {
            throw new DamagedRecord("bad record length " + len, lane.cursorPos);
        }
        if (RecordFormat.FRAME_HEADER + len > buf.limit()) {
            buf = ByteBuffer.allocate(RecordFormat.FRAME_HEADER + len);
            DiskIo.readFully(ch, buf, lane.cursorPos);
            buf.flip();
        }
        int p = 0;
        while (out.size() < max && p + RecordFormat.FRAME_HEADER <= buf.limit()) {
            len = buf.getInt(p);
            if (!RecordFormat.validLength(len)) {
                lane.cursorPos += p; // the good records before it were taken
                throw new DamagedRecord("bad record length " + len, lane.cursorPos);
            }
            if (p + RecordFormat.FRAME_HEADER + len > buf.limit()) {
                break;
            }
            if (RecordFormat.crc(readCrc, buf.array(), p, len) != buf.getInt(p + 4)) {
                lane.cursorPos += p; // the good records before it were taken
                throw new DamagedRecord("checksum mismatch", lane.cursorPos);
            }
            long seq = buf.getLong(p + 8);
            int next = p + RecordFormat.FRAME_HEADER + len;
            if (!lane.isAcknowledged(seq)) {
                Payload payload;
                try {
                    payload = PayloadCodec.decode(
                            ByteBuffer.wrap(buf.array(), p + RecordFormat.FRAME_HEADER, len).slice());
                } catch (RuntimeException e) {
                    LOG.warn("outbox {}: entry seq {} at offset {} cannot be decoded ({}); discarded", s.path, seq,
                            lane.cursorPos + p, e.toString());
                    store.countDrop(DropReason.CORRUPT, 1);
                    s.unacked--;
                    lane.lastReadSeq = seq;
                    p = next;
                    continue;
                }
                OutboxEntry entry = new OutboxEntry(seq, lane.priority, payload);
                lane.inFlight.put(seq, entry);
                out.add(entry);
            }
            lane.lastReadSeq = Math.max(lane.lastReadSeq, seq);
            p = next;
        }
        lane.cursorPos += p;
    }

    /**
     * A damaged record at {@code d.offset}: continue at the next fully valid record of the segment (up to what is
     * durable), counting the records in between as {@code CORRUPT}. The segment's count of unacknowledged entries
     * is settled when the cursor leaves it; until then it is not deleted, and nothing more is appended to it.
     */
    private void resyncAt(Lane lane, Segment s, DamagedRecord d) {
        long from = d.offset;
        long end = s.durableEnd;
        if (end - from > RESYNC_LIMIT) {
            damagedAtRead(lane, s, d);
            return;
        }
        byte[] a = new byte[(int) (end - from)];
        try {
            DiskIo.readFully(s.channel(), ByteBuffer.wrap(a), from);
        } catch (IOException | RuntimeException e) {
            damagedAtRead(lane, s, e);
            return;
        }
        int next = resync.findNext(a, 1, a.length, s.firstSeq, s.highSeq());
        int skip = next < 0 ? a.length : next;
        long lost = FrameResync.lostBetween(a, 0, skip);
        LOG.warn("outbox {}: {}; skipping {} bytes ({} damaged records){}", s.path, d.getMessage(), skip, lost,
                next < 0 ? "" : ", reading on at offset " + (from + next));
        store.countDrop(DropReason.CORRUPT, lost);
        s.unacked = Math.max(1, s.unacked - lost); // settled when the cursor leaves the segment
        s.damagedAtRead = true;
        lane.cursorPos = from + skip;
        if (s == lane.active) {
            lane.active = null; // never append behind damage; the next append starts a new segment
        }
        store.pending.markDirty();
    }

    /** The cursor leaves a segment that had damage: what is not held in memory was acknowledged or lost. */
    private void settle(Lane lane, Segment s) {
        s.unacked = lane.held(s.firstSeq, s.highSeq());
        s.damagedAtRead = false;
        lane.advanceWatermark();
        if (s.unacked == 0) {
            store.doom(s);
        }
    }

    /** An I/O error while reading: skip the rest of the segment, count what could not be read. */
    private void damagedAtRead(Lane lane, Segment s, Exception e) {
        long hi = s.highSeq();
        long stillKnown = lane.held(s.firstSeq, hi);
        long lost = Math.max(0, s.unacked - stillKnown);
        LOG.warn("outbox {}: unreadable entry at offset {} ({}); discarding the rest of the segment ({} entries)",
                s.path, lane.cursorPos, e.getMessage(), lost);
        store.countDrop(DropReason.CORRUPT, Math.max(1, lost));
        s.unacked = stillKnown;
        lane.lastReadSeq = Math.max(lane.lastReadSeq, hi);
        lane.cursorPos = Long.MAX_VALUE;
        if (s == lane.active) {
            lane.active = null; // never append behind damage
        }
        s.durableEnd = s.size;
        if (lane.segments.higherEntry(s.firstSeq) == null) {
            lane.cursor = s; // stays; next append opens a new segment
        }
        lane.advanceWatermark();
        if (s.unacked == 0) {
            store.doom(s);
        }
        store.pending.markDirty();
    }
}
