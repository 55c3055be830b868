package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.hanedge.gateway.api.outbox.DropReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The group-commit thread: at most {@code commitDelay} after the first unsynced append (earlier once
 * {@link CommitQueue#BURST_BYTES} are unsynced) it fsyncs the dirty segments and new directories, writes the
 * checkpoint (into both slots when the sequence high-water mark grew, so that either slot may be lost without a
 * number handed out being forgotten), deletes the segments it allows to go and completes the waiting appenders'
 * stages. Fsynced records are handed out only after that checkpoint is written.
 */
final class Committer {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's

    private final OutboxStore store;
    private final CommitQueue queue;
    private final long delayNanos;
    private final Thread thread;
    /** The sequence high-water mark both checkpoint slots hold; confined to the committer thread. */
    private long pairedHwm = -1;

    Committer(OutboxStore store, long delayNanos) {
        this.store = store;
        this.queue = store.pending;
        this.delayNanos = delayNanos;
        this.thread = new Thread(this::run, "outbox-commit");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Waits for the thread to finish its last commit after close; true if the caller was interrupted meanwhile. */
    boolean awaitStop() {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        return interrupted;
    }

    private void run() {
        while (true) {
            CommitQueue.Batch b;
            long hwm;
            store.lock.lock();
            try {
                while (!store.closed && !queue.dirty) {
                    queue.commitWanted.awaitUninterruptibly();
                }
                if (!queue.dirty) {
                    return;
                }
                long deadline = queue.firstDirtyNanos + delayNanos;
                long r;
                while (!store.closed && queue.unsyncedBytes < CommitQueue.BURST_BYTES
                        && (r = deadline - System.nanoTime()) > 0) {
                    try {
                        queue.commitWanted.awaitNanos(r);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                hwm = store.lastSeq;
                b = queue.drain(store::checkpointBytes, hwm > pairedHwm);
            } finally {
                store.lock.unlock();
            }
            try {
                commit(b, hwm);
            } catch (RuntimeException | Error e) {
                LOG.error("outbox commit failed", e);
                failAll(b, new OutboxIOException("outbox commit failed: " + e, new IOException(e)));
            }
        }
    }

    /** Carries out one commit; {@code hwm} is the sequence high-water mark its checkpoints hold. */
    private void commit(CommitQueue.Batch b, long hwm) {
        Map<Segment, IOException> failed = new HashMap<>();
        for (Map.Entry<Segment, Long> e : b.ends().entrySet()) {
            Segment s = e.getKey();
            try {
                s.force(store.disk);
            } catch (IOException ex) {
                if (!s.doomed) {
                    failed.put(s, ex);
                }
            }
        }
        IOException dirFailure = null;
        for (Path d : b.dirs()) {
            try {
                store.disk.syncDirectory(d);
            } catch (IOException ex) {
                dirFailure = ex;
            }
        }
        boolean checkpointed = true;
        try {
            int written = 0;
            for (CheckpointStore.Image cp : b.checkpoints()) {
                written += store.checkpoints.write(cp) ? 1 : 0;
            }
            if (b.checkpoints().size() == 2) {
                // both slots hold hwm unless a newer single checkpoint (drop for space) overtook ours: then again
                checkpointed = written == 2;
                if (checkpointed) {
                    pairedHwm = hwm;
                }
            }
        } catch (IOException ex) {
            checkpointed = false;
            store.ioLog.warn("outbox: cannot write checkpoint in " + store.dir + ": " + ex.getMessage()
                    + " (retried; new entries are handed out once both checkpoint slots hold their numbers)", ex);
        }
        List<CommitQueue.Waiter> ok = new ArrayList<>(b.waiters().size());
        List<Map.Entry<CommitQueue.Waiter, OutboxIOException>> bad = new ArrayList<>();
        store.lock.lock();
        try {
            List<CommitQueue.Waiter> waiters = new ArrayList<>(b.waiters());
            for (Map.Entry<Segment, Long> e : b.ends().entrySet()) {
                Segment s = e.getKey();
                if (failed.containsKey(s)) {
                    waiters.addAll(cutAfterFailedFsync(s, b.waiters()));
                    continue;
                }
                s.syncedEnd = Math.max(s.syncedEnd, e.getValue());
                if (!checkpointed) {
                    // fsynced, but not handed out before a checkpoint holds their numbers: retried
                    if (!s.doomed) {
                        queue.toSync.add(s);
                    }
                } else {
                    s.durableEnd = Math.max(s.durableEnd, e.getValue());
                    if (!s.doomed) {
                        store.maybeClose(s);
                    }
                }
            }
            if (checkpointed) {
                for (Segment s : b.deletions()) {
                    store.deleteFile(s);
                }
            } else {
                queue.toDelete.addAll(b.deletions()); // only after a checkpoint that no longer needs them
                queue.stateDirty = true;
                queue.markDirty(); // retried after the commit delay
            }
            for (CommitQueue.Waiter w : waiters) {
                IOException ex = failed.get(w.segment());
                if (ex == null && dirFailure != null && b.dirs().contains(w.segment().path.getParent())) {
                    ex = dirFailure;
                }
                if (ex == null) {
                    ok.add(w);
                } else {
                    store.countDrop(DropReason.IO_ERROR, w.count());
                    bad.add(Map.entry(w, OutboxIOException.forFile("cannot fsync", w.segment().path, ex)));
                }
            }
            store.readable.signalAll();
        } finally {
            store.lock.unlock();
        }
        for (CommitQueue.Waiter w : ok) {
            w.future().complete(w.lastSeq());
        }
        for (Map.Entry<CommitQueue.Waiter, OutboxIOException> e : bad) {
            store.ioLog.warn(e.getValue().getMessage(), e.getValue().getCause());
            e.getKey().future().completeExceptionally(e.getValue());
        }
    }

    /**
     * A failed fsync: the segment is cut back to what was fsynced and sealed (the next append starts a new segment);
     * the entries cut off are no longer counted in it. Returns the waiters of entries written to it since the drain,
     * which fail with this commit's waiters. Lock held.
     */
    private List<CommitQueue.Waiter> cutAfterFailedFsync(Segment s, List<CommitQueue.Waiter> drained) {
        List<CommitQueue.Waiter> later = queue.removeWaitersOf(s);
        queue.toSync.remove(s);
        long lost = 0;
        for (CommitQueue.Waiter w : later) {
            lost += w.count();
        }
        for (CommitQueue.Waiter w : drained) {
            if (w.segment() == s) {
                lost += w.count();
            }
        }
        s.records -= lost;
        s.unacked -= lost;
        store.bytesOnDisk -= s.cutToSynced();
        if (s.lane.active == s) {
            s.lane.active = null;
        }
        if (s.unacked == 0 && !s.doomed) {
            store.doom(s);
        }
        return later;
    }

    private static void failAll(CommitQueue.Batch b, RuntimeException e) {
        for (CommitQueue.Waiter w : b.waiters()) {
            w.future().completeExceptionally(e);
        }
    }
}
