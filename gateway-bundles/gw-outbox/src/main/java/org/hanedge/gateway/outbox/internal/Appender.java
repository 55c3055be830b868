package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * Appends encoded batches: applies the full policy, hands out sequence numbers, writes the frames at the end of the
 * lane's active segment (starting a new segment when it is full) and queues the append for the group commit.
 */
final class Appender {
    private final OutboxStore store;
    private final SpacePolicy space;
    private final CRC32C crc = new CRC32C(); // guarded by the outbox lock

    Appender(OutboxStore store, SpacePolicy space) {
        this.store = store;
        this.space = space;
    }

    CompletionStage<Long> append(Priority priority, FrameBatch batch) throws OutboxFullException {
        int n = batch.count();
        int total = batch.bytes();
        store.lock.lock();
        try {
            if (store.closed) {
                throw new IllegalStateException("outbox " + store.dir + " is closed");
            }
            if (n == 0) {
                return CompletableFuture.completedFuture(store.lastSeq);
            }
            Lane lane = store.lanes[priority.ordinal()];
            if (store.usedBytes() + total + RecordFormat.SEGMENT_HEADER > store.settings.maxBytes()) {
                space.makeRoom(lane, total + RecordFormat.SEGMENT_HEADER, n);
            }
            long first = store.lastSeq + 1;
            store.lastSeq += n; // consumed even if the write fails: a sequence number is never reused
            store.pending.stateDirty = true; // the next commit's checkpoint holds the new high-water mark
            batch.number(first, crc);
            Segment seg = null;
            boolean freed = false;
            while (true) {
                try {
                    seg = activeSegment(lane, first, total);
                    seg.write(batch.buffer(), store.disk);
                    break;
                } catch (IOException e) {
                    if (seg != null) {
                        seg.discardUnwritten();
                    }
                    Path file = seg != null ? seg.path : lane.dir.resolve(RecordFormat.segmentFileName(first));
                    seg = null;
                    if (!OutboxIOException.isDiskFull(e)) {
                        return failed(priority, n, file, e);
                    }
                    if (!freed && space.freeDisk(lane, total + RecordFormat.SEGMENT_HEADER)) {
                        freed = true; // one retry after making room
                        continue;
                    }
                    throw diskFull(priority, n, file, e);
                }
            }
            seg.appended(total, n, store.lastSeq);
            store.bytesOnDisk += total;
            return store.pending.appended(seg, total, n, store.lastSeq);
        } finally {
            store.lock.unlock();
        }
    }

    /** A disk error other than a full disk: the stage fails, the entries are counted as {@code IO_ERROR}. */
    private CompletionStage<Long> failed(Priority priority, int n, Path file, IOException e) {
        store.countDrop(DropReason.IO_ERROR, n);
        store.pending.markDirty();
        OutboxIOException failure = OutboxIOException.forFile("cannot append " + n + " " + priority + " entries to",
                file, e);
        store.ioLog.warn(failure.getMessage(), e);
        return CompletableFuture.failedFuture(failure);
    }

    /** The disk is full and nothing (more) may be dropped: the entries are rejected ({@code FULL_REJECTED}). */
    private OutboxFullException diskFull(Priority priority, int n, Path file, IOException e) {
        store.countDrop(DropReason.FULL_REJECTED, n);
        store.pending.markDirty();
        String msg = "outbox: disk full: cannot append " + n + " " + priority + " entries to " + file + " ("
                + e.getMessage() + ", policy " + store.settings.policy().id() + "): rejected. Stored entries are"
                + " kept and still delivered; appends succeed again once space is freed.";
        store.ioLog.warn(msg, e);
        return new OutboxFullException(msg);
    }

    /** The segment to write {@code bytes} to: the active one, or a new one if it is full (or there is none). */
    private Segment activeSegment(Lane lane, long firstSeq, int bytes) throws IOException {
        Segment a = lane.active;
        if (a != null && a.records > 0 && a.size + bytes > store.settings.segmentBytes()) {
            lane.active = null;
            if (a.unacked == 0) {
                store.doom(a);
            } else {
                store.maybeClose(a);
            }
            a = null;
        }
        if (a == null) {
            a = Segment.create(lane, firstSeq);
            store.bytesOnDisk += RecordFormat.SEGMENT_HEADER;
            lane.segments.put(firstSeq, a);
            lane.active = a;
            store.pending.dirsToSync.add(lane.dir);
        }
        return a;
    }
}
