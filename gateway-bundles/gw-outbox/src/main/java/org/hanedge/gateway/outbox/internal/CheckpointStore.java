package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The two checkpoint slots {@code state.0}/{@code state.1}: a checkpoint of generation g overwrites slot g % 2 in
 * place and is fsynced; at start the valid slot with the highest generation wins. Thread-safe.
 */
final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class); // log lines stay FileOutbox's

    /** An encoded checkpoint and its generation. */
    record Image(long gen, byte[] bytes) {
    }

    private final Path dir;
    private final DiskIo disk;
    private final RateLimitedLog ioLog;
    private final Object checkpointLock = new Object();
    // guarded by checkpointLock
    private long writtenGen = -1;
    private final boolean[] slotExists = new boolean[2];

    CheckpointStore(Path dir, DiskIo disk, RateLimitedLog ioLog) {
        this.dir = dir;
        this.disk = disk;
        this.ioLog = ioLog;
    }

    /** What start-up found: the newest valid checkpoint (null if none) and the highest high-water mark of any. */
    record Loaded(CheckpointFormat.Snapshot best, long hwm) {
    }

    /** Reads both slots. */
    Loaded load() {
        synchronized (checkpointLock) {
            CheckpointFormat.Snapshot best = null;
            long hwm = 0;
            for (int slot = 0; slot < 2; slot++) {
                Path p = dir.resolve("state." + slot);
                if (!Files.exists(p)) {
                    continue;
                }
                slotExists[slot] = true;
                try {
                    CheckpointFormat.Snapshot s = CheckpointFormat.parse(ByteBuffer.wrap(Files.readAllBytes(p)));
                    hwm = Math.max(hwm, s.hwm());
                    if (best == null || s.gen() > best.gen()) {
                        best = s;
                    }
                } catch (IOException | RuntimeException e) {
                    LOG.warn("outbox checkpoint {} unreadable ({}); using the other slot", p, e.toString());
                }
            }
            if (best == null && (slotExists[0] || slotExists[1])) {
                LOG.warn("outbox {}: no valid checkpoint; every stored entry will be delivered again", dir);
            }
            if (best != null) {
                writtenGen = best.gen();
            }
            return new Loaded(best, hwm);
        }
    }

    /**
     * Writes and fsyncs the checkpoint unless a newer one (a superset of it) is already on disk; false if it was
     * skipped for that reason.
     */
    boolean write(Image st) throws IOException {
        synchronized (checkpointLock) {
            if (st.gen() <= writtenGen) {
                return false; // a newer snapshot (a superset of this one) is already on disk
            }
            int slot = (int) (st.gen() & 1);
            Path p = dir.resolve("state." + slot);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                DiskIo.writeFully(ch, ByteBuffer.wrap(st.bytes()), 0);
                // fdatasync: the data, and the size if it changed; an in-place overwrite needs no inode flush (mtime)
                disk.force(ch, false);
            }
            if (!slotExists[slot]) {
                disk.syncDirectory(dir);
                slotExists[slot] = true;
            }
            writtenGen = st.gen();
            return true;
        }
    }

    /** {@link #write}, logging (rate-limited) instead of throwing. */
    void writeQuietly(Image st) {
        try {
            write(st);
        } catch (IOException e) {
            ioLog.warn("outbox: cannot write checkpoint " + dir.resolve("state." + (st.gen() & 1)) + ": "
                    + e.getMessage() + " (acknowledged entries may be delivered again after a restart)", e);
        }
    }
}
