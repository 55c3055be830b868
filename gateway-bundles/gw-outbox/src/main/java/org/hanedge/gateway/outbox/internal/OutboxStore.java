package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state of one open outbox, shared by its parts and guarded by {@link #lock}: the lanes, the sequence counter,
 * the bytes on disk, the drop counters, the pending commit, and the life cycle of segments (doomed, deleted,
 * closed). Owns the per-outbox disk access, warning rate limit and checkpoint files.
 */
final class OutboxStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's

    final FileOutbox.Settings settings;
    final Path dir;
    final ReentrantLock lock = new ReentrantLock();
    final Condition readable = lock.newCondition();
    final CommitQueue pending = new CommitQueue(lock.newCondition());
    final Lane[] lanes = new Lane[Priority.values().length];
    final DropCounters drops = new DropCounters();
    final DiskIo disk = new DiskIo();
    final RateLimitedLog ioLog = new RateLimitedLog(LOG, 10_000);
    final CheckpointStore checkpoints;
    long lastSeq;
    long bytesOnDisk;
    boolean closed;

    OutboxStore(FileOutbox.Settings settings, Path dir) {
        this.settings = settings;
        this.dir = dir;
        for (Priority p : Priority.values()) {
            lanes[p.ordinal()] = new Lane(p, dir.resolve(p.name()));
        }
        this.checkpoints = new CheckpointStore(dir, disk, ioLog);
    }

    void createLaneDirectories() throws IOException {
        for (Lane lane : lanes) {
            Files.createDirectories(lane.dir);
        }
    }

    /** Counts lost entries; the checkpoint is due. Lock held. */
    void countDrop(DropReason reason, long n) {
        drops.add(reason, n);
        pending.stateDirty = true;
    }

    /** Bytes on disk not counting segments about to be deleted. Lock held. */
    long usedBytes() {
        long pendingDelete = 0;
        for (Segment s : pending.toDelete) {
            pendingDelete += s.size;
        }
        return bytesOnDisk - pendingDelete;
    }

    /** Takes a fully acknowledged segment out of its lane; deleted after the next checkpoint. Lock held. */
    void doom(Segment s) {
        s.lane.remove(s);
        s.doomed = true;
        pending.toSync.remove(s);
        pending.toDelete.add(s);
        pending.stateDirty = true;
    }

    /** Lock held. */
    void deleteFile(Segment s) {
        s.doomed = true;
        s.closeQuietly();
        try {
            Files.deleteIfExists(s.path);
            bytesOnDisk -= s.size;
        } catch (IOException e) {
            ioLog.warn("outbox: cannot delete " + s.path + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the doomed segments; call only after a checkpoint covering them. Lock held. */
    void deleteDoomed() {
        for (Segment s : pending.toDelete) {
            deleteFile(s);
        }
        pending.toDelete.clear();
    }

    /** Closes the segment's channel unless it is written, read or waiting for an fsync. Lock held. */
    void maybeClose(Segment s) {
        if (s != s.lane.active && s != s.lane.cursor && !pending.toSync.contains(s)) {
            s.closeQuietly();
        }
    }

    /** A checkpoint of the current state, with a new generation. Lock held. */
    CheckpointStore.Image snapshotCheckpoint() {
        long gen = pending.nextCheckpointGen();
        return new CheckpointStore.Image(gen, checkpointBytes(gen));
    }

    /** Lock held. */
    byte[] checkpointBytes(long gen) {
        return CheckpointFormat.encode(gen, lastSeq, lanes, drops);
    }

    long pendingEntries() {
        long n = 0;
        for (Lane lane : lanes) {
            n += lane.unacked();
        }
        return n;
    }

    OutboxStats stats() {
        lock.lock();
        try {
            Map<Priority, Long> pendingByPriority = new EnumMap<>(Priority.class);
            long inFlight = 0;
            for (Lane lane : lanes) {
                pendingByPriority.put(lane.priority, lane.unacked());
                inFlight += lane.inFlight.size();
            }
            return new OutboxStats(pendingByPriority, inFlight, bytesOnDisk, settings.maxBytes(), drops.asMap(),
                    lastSeq);
        } finally {
            lock.unlock();
        }
    }

    /** Marks the store closed and wakes the committer and takers; false if it was closed already. */
    boolean markClosed() {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            closed = true;
            pending.commitWanted.signalAll();
            readable.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** After the committer stopped: drops fully acknowledged lanes' segments, checkpoints, closes the files. */
    void closeFiles() {
        lock.lock();
        try {
            for (Lane lane : lanes) {
                if (lane.active != null && lane.unacked() == 0) {
                    doom(lane.active); // fully acknowledged: nothing to keep
                }
            }
            if (pending.checkpointDue()) {
                checkpoints.writeQuietly(snapshotCheckpoint());
                deleteDoomed();
            }
            closeSegments();
        } finally {
            lock.unlock();
        }
    }

    void closeSegments() {
        for (Lane lane : lanes) {
            lane.segments.values().forEach(Segment::closeQuietly);
        }
    }
}
