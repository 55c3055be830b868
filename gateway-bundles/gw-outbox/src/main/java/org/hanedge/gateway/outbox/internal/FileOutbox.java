package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable outbox: one append-only segment log per priority under {@code <dir>/<PRIORITY>/}, segments named by
 * the first sequence number they hold ({@code %020d.seg}), records framed as
 * {@code [int length][int crc32c][long seq][payload]} (CRC over length, seq and payload), and a small checkpoint
 * (two alternating slots {@code state.0}/{@code state.1}, each CRC-protected with a generation number) that holds
 * the per-priority acknowledgement watermark, out-of-order acknowledgements, the sequence high-water mark and the
 * drop counters.
 *
 * <p>Nothing is indexed in memory per entry: a read cursor per priority streams entries from the segments; only
 * entries in flight (taken, not yet acknowledged) are held in memory. Appends are written to the page cache under a
 * lock and return; one committer thread fsyncs at most every {@code commitDelay} and completes the appenders'
 * stages. {@link #take} only hands out entries that are on stable storage.
 *
 * <p>This class is the facade; the work is done by its parts: {@link RecordFormat}/{@link FrameBatch} (framing),
 * {@link Segment} and {@link Lane} (files and per-priority state, shared through {@link OutboxStore}),
 * {@link Appender} with {@link SpacePolicy} (append, full policy), {@link Delivery} with {@link LaneReader} (take,
 * acknowledge, release), {@link Committer} with {@link CommitQueue} (group commit), {@link CheckpointStore} with
 * {@link CheckpointFormat} (checkpoint), {@link Recovery} with {@link SegmentScanner} (start-up), {@link DiskIo}
 * (fsyncs, fault seam) and {@link DirectoryLock}.
 */
public final class FileOutbox implements Outbox, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(FileOutbox.class);

    /** What to do when the configured size is reached. */
    public enum FullPolicy {
        DROP_OLDEST("drop-oldest"), REJECT_NEW("reject-new");

        private final String id;

        FullPolicy(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }

        public static FullPolicy parse(String s) {
            for (FullPolicy p : values()) {
                if (p.id.equalsIgnoreCase(s.trim()) || p.name().equalsIgnoreCase(s.trim())) {
                    return p;
                }
            }
            throw new IllegalArgumentException("unknown outbox policy '" + s + "', expected drop-oldest or reject-new");
        }
    }

    /**
     * @param directory    where the outbox lives (created if missing)
     * @param maxBytes     size limit on disk, all priorities together
     * @param policy       what to do when full
     * @param commitDelay  longest time an append waits for its fsync (group commit)
     * @param segmentBytes size at which a segment is sealed and a new one started
     */
    public record Settings(Path directory, long maxBytes, FullPolicy policy, Duration commitDelay, int segmentBytes) {
        public static final long DEFAULT_MAX_BYTES = 256L * 1024 * 1024;
        public static final int DEFAULT_SEGMENT_BYTES = 1024 * 1024;
        public static final Duration DEFAULT_COMMIT_DELAY = Duration.ofMillis(200);

        public Settings {
            Objects.requireNonNull(directory, "directory");
            Objects.requireNonNull(policy, "policy");
            Objects.requireNonNull(commitDelay, "commitDelay");
            if (commitDelay.isNegative()) {
                throw new IllegalArgumentException("commit delay must not be negative: " + commitDelay);
            }
            if (segmentBytes < 256) {
                throw new IllegalArgumentException("segment size must be at least 256 bytes: " + segmentBytes);
            }
            if (maxBytes < 2L * segmentBytes) {
                throw new IllegalArgumentException("max.bytes (" + maxBytes + ") must be at least two segments ("
                        + 2L * segmentBytes + ")");
            }
        }

        public static Settings defaults(Path directory) {
            return new Settings(directory, DEFAULT_MAX_BYTES, FullPolicy.DROP_OLDEST, DEFAULT_COMMIT_DELAY,
                    DEFAULT_SEGMENT_BYTES);
        }

        public Settings withMaxBytes(long v) {
            return new Settings(directory, v, policy, commitDelay, segmentBytes);
        }

        public Settings withPolicy(FullPolicy v) {
            return new Settings(directory, maxBytes, v, commitDelay, segmentBytes);
        }

        public Settings withCommitDelay(Duration v) {
            return new Settings(directory, maxBytes, policy, v, segmentBytes);
        }

        public Settings withSegmentBytes(int v) {
            return new Settings(directory, maxBytes, policy, commitDelay, v);
        }
    }


    /** Test seam: lets a test make the disk refuse writes or fsyncs (root ignores file permissions). */
    interface Faults extends DiskFaults {
        Faults NONE = new Faults() {
        };
    }

    private final Settings settings;
    private final OutboxStore store;
    private final ThreadLocal<PayloadCodec.Bytes> encoders = ThreadLocal.withInitial(() -> new PayloadCodec.Bytes(4096));
    private final DirectoryLock dirLock;
    private final Appender appender;
    private final Delivery delivery;
    private final Committer committer;

    public FileOutbox(Settings settings) throws IOException {
        this.settings = settings;
        Path dir = settings.directory().toAbsolutePath();
        long delayNanos = settings.commitDelay().toNanos();
        Files.createDirectories(dir);
        dirLock = DirectoryLock.acquire(dir);
        store = new OutboxStore(settings, dir);
        try {
            store.createLaneDirectories();
            new Recovery(store).run();
        } catch (IOException | RuntimeException e) {
            store.closeSegments();
            dirLock.release();
            throw e;
        }
        appender = new Appender(store, new SpacePolicy(store));
        delivery = new Delivery(store);
        committer = new Committer(store, delayNanos);
        committer.start();
    }

    public Settings settings() {
        return settings;
    }

    void faults(Faults f) {
        store.disk.faults(f);
    }

    /** fsync calls so far (segment files, directories, checkpoint). */
    public long fsyncCount() {
        return store.disk.fsyncCount();
    }

    @Override
    public CompletionStage<Long> append(Priority priority, List<Payload> payloads) throws OutboxFullException {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payloads, "payloads");
        FrameBatch batch = FrameBatch.encode(payloads, encoders.get());
        return appender.append(priority, batch);
    }

    @Override
    public List<OutboxEntry> take(int max, Duration wait) throws InterruptedException {
        return delivery.take(max, wait);
    }

    @Override
    public void acknowledge(Collection<Long> seqs) {
        delivery.acknowledge(seqs);
    }

    @Override
    public void release(Collection<Long> seqs) {
        delivery.release(seqs);
    }

    @Override
    public OutboxStats stats() {
        return store.stats();
    }

    /** Commits what was appended, writes the checkpoint and releases the files. Idempotent. */
    @Override
    public void close() {
        if (!store.markClosed()) {
            return;
        }
        boolean interrupted = committer.awaitStop();
        store.closeFiles();
        try {
            dirLock.release();
        } catch (IOException e) {
            LOG.debug("outbox lock release failed", e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FileOutbox[" + store.dir + "]";
    }
}
