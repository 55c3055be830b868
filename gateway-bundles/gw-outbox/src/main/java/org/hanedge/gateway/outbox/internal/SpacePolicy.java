package org.hanedge.gateway.outbox.internal;

import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens when an append would exceed {@code max.bytes}, or the disk itself is full: {@code reject-new}
 * rejects it; {@code drop-oldest} drops whole segments, oldest first, from the lowest priority that has any but
 * never from one more important than the entries being appended, and rejects them if that does not make room.
 * Called with the outbox lock held.
 */
final class SpacePolicy {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's

    private final OutboxStore store;

    SpacePolicy(OutboxStore store) {
        this.store = store;
    }

    /** Makes room for {@code need} bytes of {@code count} entries for {@code incoming}, or throws. */
    void makeRoom(Lane incoming, long need, int count) throws OutboxFullException {
        FileOutbox.Settings settings = store.settings;
        if (settings.policy() == FileOutbox.FullPolicy.REJECT_NEW) {
            store.countDrop(DropReason.FULL_REJECTED, count);
            store.pending.markDirty();
            throw new OutboxFullException("outbox " + store.dir + " is full (" + store.usedBytes() + " of "
                    + settings.maxBytes() + " bytes, policy reject-new): " + count + " " + incoming.priority
                    + " entries rejected");
        }
        Lane[] lanes = store.lanes;
        List<Segment> victims = new ArrayList<>();
        while (store.usedBytes() + need > settings.maxBytes()) {
            Segment victim = null;
            // lowest priority first, never more important than the entries being appended
            for (int i = lanes.length - 1; i >= incoming.priority.ordinal() && victim == null; i--) {
                if (!lanes[i].segments.isEmpty()) {
                    victim = lanes[i].segments.firstEntry().getValue();
                }
            }
            if (victim == null) {
                break;
            }
            drop(victim, "outbox full (" + store.usedBytes() + " of " + settings.maxBytes() + " bytes)");
            victims.add(victim);
        }
        if (!victims.isEmpty() || !store.pending.toDelete.isEmpty()) {
            // persist counters, watermarks and the sequence high-water mark before any file goes
            store.checkpoints.writeQuietly(store.snapshotCheckpoint());
            store.deleteDoomed();
            for (Segment s : victims) {
                store.deleteFile(s);
            }
        }
        if (store.usedBytes() + need > settings.maxBytes()) {
            store.countDrop(DropReason.FULL_REJECTED, count);
            store.pending.markDirty();
            throw new OutboxFullException("outbox " + store.dir + " is full (" + store.usedBytes() + " of "
                    + settings.maxBytes() + " bytes) with entries more important than " + incoming.priority + ": "
                    + count + " entries rejected");
        }
    }

    /**
     * The disk is full (ENOSPC) while appending {@code need} bytes for {@code incoming}: deletes the fully
     * acknowledged segments waiting for the next checkpoint and, under {@code drop-oldest}, drops the oldest
     * segments that may go until at least {@code need} bytes are freed. True if anything was freed (worth a retry).
     */
    boolean freeDisk(Lane incoming, long need) {
        long freed = 0;
        for (Segment s : store.pending.toDelete) {
            freed += s.size;
        }
        List<Segment> victims = new ArrayList<>();
        if (store.settings.policy() == FileOutbox.FullPolicy.DROP_OLDEST) {
            Lane[] lanes = store.lanes;
            while (freed < need) {
                Segment victim = null;
                for (int i = lanes.length - 1; i >= incoming.priority.ordinal() && victim == null; i--) {
                    if (!lanes[i].segments.isEmpty()) {
                        victim = lanes[i].segments.firstEntry().getValue();
                    }
                }
                if (victim == null) {
                    break;
                }
                drop(victim, "disk full at " + store.dir);
                victims.add(victim);
                freed += victim.size;
            }
        }
        if (freed == 0) {
            return false;
        }
        // persist counters, watermarks and the sequence high-water mark before any file goes (in place: no new blocks)
        store.checkpoints.writeQuietly(store.snapshotCheckpoint());
        store.deleteDoomed();
        for (Segment s : victims) {
            store.deleteFile(s);
        }
        return true;
    }

    /** Drops a whole segment for space, counting its unacknowledged entries. */
    private void drop(Segment victim, String why) {
        Lane lane = victim.lane;
        lane.remove(victim);
        long hi = victim.highSeq();
        lane.forget(victim.firstSeq, hi);
        store.drops.add(DropReason.FULL_DROPPED_OLDEST, victim.unacked);
        if (victim.unacked > 0) {
            LOG.warn("{}: dropped the oldest {} segment {} with {} unsent entries (seq {}..{})", why, lane.priority,
                    victim.path.getFileName(), victim.unacked, victim.firstSeq, hi);
        }
        victim.unacked = 0;
        victim.doomed = true;
        store.pending.toSync.remove(victim);
        lane.lastReadSeq = Math.max(lane.lastReadSeq, hi);
        lane.advanceWatermark();
        store.pending.stateDirty = true;
    }
}
