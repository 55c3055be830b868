package org.hanedge.gateway.outbox.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.function.LongFunction;

/**
 * What the next group commit has to do: segments and directories to fsync, appenders waiting for it, segments to
 * delete after the checkpoint, and whether the checkpoint changed. Guarded by the outbox lock; {@link #markDirty}
 * wakes the committer.
 */
final class CommitQueue {
    /** Commit early when this much is unsynced, whatever the delay. */
    static final long BURST_BYTES = 8L * 1024 * 1024;

    /** An append waiting for its fsync. */
    record Waiter(CompletableFuture<Long> future, long lastSeq, int count, Segment segment) {
    }

    /** One commit's work, taken out of the queue under the lock and carried out without it. */
    record Batch(List<Waiter> waiters, Map<Segment, Long> ends, List<Path> dirs,
            List<CheckpointStore.Image> checkpoints, List<Segment> deletions) {
    }

    final Condition commitWanted;
    boolean dirty;
    /** The checkpoint's content (watermarks, counters, segments to delete) changed since the last one. */
    boolean stateDirty;
    long firstDirtyNanos;
    long unsyncedBytes;
    private List<Waiter> waiters = new ArrayList<>();
    final Set<Segment> toSync = new LinkedHashSet<>();
    final Set<Path> dirsToSync = new LinkedHashSet<>();
    final List<Segment> toDelete = new ArrayList<>();
    long checkpointGen;

    CommitQueue(Condition commitWanted) {
        this.commitWanted = commitWanted;
    }

    void markDirty() {
        if (!dirty) {
            dirty = true;
            firstDirtyNanos = System.nanoTime();
            commitWanted.signalAll();
        } else if (unsyncedBytes >= BURST_BYTES) {
            commitWanted.signalAll();
        }
    }

    /** Records an append written to {@code seg}: its stage completes after the next fsync. */
    CompletableFuture<Long> appended(Segment seg, int bytes, int count, long lastSeq) {
        unsyncedBytes += bytes;
        toSync.add(seg);
        CompletableFuture<Long> f = new CompletableFuture<>();
        waiters.add(new Waiter(f, lastSeq, count, seg));
        markDirty();
        return f;
    }

    /** Takes out the waiters whose entries were written to {@code seg} after the last drain. */
    List<Waiter> removeWaitersOf(Segment seg) {
        List<Waiter> out = new ArrayList<>();
        waiters.removeIf(w -> {
            if (w.segment() == seg) {
                out.add(w);
                return true;
            }
            return false;
        });
        return out;
    }

    boolean checkpointDue() {
        return stateDirty || !toDelete.isEmpty();
    }

    /** The generation of a new checkpoint; the state counts as written from now on. */
    long nextCheckpointGen() {
        stateDirty = false;
        return ++checkpointGen;
    }

    /**
     * Takes out everything to commit; {@code checkpoint} encodes the checkpoint of a generation. A checkpoint is
     * due if the state changed or records are to be fsynced (they are handed out only under a checkpoint holding
     * their numbers); {@code pair}: write it into both slots (two generations), so that either slot may be lost.
     */
    Batch drain(LongFunction<byte[]> checkpoint, boolean pair) {
        List<Waiter> w = waiters;
        waiters = new ArrayList<>();
        Map<Segment, Long> ends = new HashMap<>();
        for (Segment s : toSync) {
            ends.put(s, s.size);
        }
        toSync.clear();
        List<Path> dirs = new ArrayList<>(dirsToSync);
        dirsToSync.clear();
        List<CheckpointStore.Image> cps = new ArrayList<>(2);
        List<Segment> deletions = List.of();
        if (checkpointDue() || !ends.isEmpty()) {
            for (int i = pair ? 2 : 1; i > 0; i--) {
                long gen = ++checkpointGen;
                cps.add(new CheckpointStore.Image(gen, checkpoint.apply(gen)));
            }
            stateDirty = false;
            deletions = new ArrayList<>(toDelete);
            toDelete.clear();
        }
        dirty = false;
        unsyncedBytes = 0;
        return new Batch(w, ends, dirs, cps, deletions);
    }
}
