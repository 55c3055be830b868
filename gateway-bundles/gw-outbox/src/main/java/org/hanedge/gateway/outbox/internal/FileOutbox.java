package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import org.hanedge.gateway.api.outbox.DropReason;
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

    static final int SEGMENT_MAGIC = 0x48454F42; // "HEOB"
    static final int SEGMENT_VERSION = 1;
    static final int SEGMENT_HEADER = 8;
    static final int FRAME_HEADER = 16;
    static final int MAX_RECORD = 16 * 1024 * 1024;
    private static final int STATE_MAGIC = 0x48455354; // "HEST"
    private static final int STATE_VERSION = 1;
    private static final int STATE_SLOT_BYTES = 4096;
    /** Commit early when this much is unsynced, whatever the delay. */
    private static final long BURST_BYTES = 8L * 1024 * 1024;
    private static final int READ_CHUNK = 64 * 1024;

    private final Settings settings;
    private final Path dir;
    private final long delayNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition commitWanted = lock.newCondition();
    private final Condition readable = lock.newCondition();
    private final Lane[] lanes = new Lane[Priority.values().length];
    private final long[] drops = new long[DropReason.values().length];
    private final AtomicLong fsyncs = new AtomicLong();
    private final RateLimitedLog ioLog = new RateLimitedLog(LOG, 10_000);
    private final ThreadLocal<PayloadCodec.Bytes> encoders = ThreadLocal.withInitial(() -> new PayloadCodec.Bytes(4096));
    private final CRC32C appendCrc = new CRC32C();
    private final ByteBuffer readBuf = ByteBuffer.allocate(READ_CHUNK);
    private final CRC32C readCrc = new CRC32C();
    private final Object checkpointLock = new Object();

    // guarded by lock
    private long lastSeq;
    private long bytesOnDisk;
    private boolean dirty;
    private boolean stateDirty;
    private long firstDirtyNanos;
    private long unsyncedBytes;
    private List<Waiter> waiters = new ArrayList<>();
    private final Set<Segment> toSync = new LinkedHashSet<>();
    private final Set<Path> dirsToSync = new LinkedHashSet<>();
    private final List<Segment> toDelete = new ArrayList<>();
    private long checkpointGen;
    private boolean closed;
    // guarded by checkpointLock
    private long writtenGen = -1;
    private final boolean[] slotExists = new boolean[2];

    /** Test seam: lets a test make the disk refuse writes or fsyncs (root ignores file permissions). */
    interface Faults {
        Faults NONE = new Faults() {
        };

        default void beforeWrite(Path file) throws IOException {
        }

        default void beforeForce(Path file) throws IOException {
        }
    }

    private volatile Faults faults = Faults.NONE;
    private final FileChannel lockChannel;
    private final FileLock fileLock;
    private final Thread committer;

    /** One priority's log. */
    private static final class Lane {
        final Priority priority;
        final Path dir;
        final TreeMap<Long, Segment> segments = new TreeMap<>();
        Segment active;
        long watermark;
        final TreeSet<Long> acked = new TreeSet<>();
        final TreeMap<Long, OutboxEntry> inFlight = new TreeMap<>();
        final TreeMap<Long, OutboxEntry> released = new TreeMap<>();
        Segment cursor;
        long cursorPos;
        long lastReadSeq;

        Lane(Priority priority, Path dir) {
            this.priority = priority;
            this.dir = dir;
        }

        long unacked() {
            long n = 0;
            for (Segment s : segments.values()) {
                n += s.unacked;
            }
            return n;
        }
    }

    private static final class Segment {
        final Lane lane;
        final long firstSeq;
        final Path path;
        volatile FileChannel ch;
        long size;
        long durableEnd;
        long lastSeq;
        long unacked;
        long records;
        boolean doomed;

        Segment(Lane lane, long firstSeq, Path path) {
            this.lane = lane;
            this.firstSeq = firstSeq;
            this.path = path;
        }

        FileChannel channel() throws IOException {
            if (ch == null) {
                ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
            }
            return ch;
        }

        void closeQuietly() {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing left to do
                }
                ch = null;
            }
        }
    }

    private record Waiter(CompletableFuture<Long> future, long lastSeq, int count, Segment segment) {
    }

    public FileOutbox(Settings settings) throws IOException {
        this.settings = settings;
        this.dir = settings.directory().toAbsolutePath();
        this.delayNanos = settings.commitDelay().toNanos();
        Files.createDirectories(dir);
        lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock fl;
        try {
            fl = lockChannel.tryLock();
        } catch (OverlappingFileLockException e) {
            fl = null;
        }
        if (fl == null) {
            lockChannel.close();
            throw new IOException("outbox " + dir + " is in use by another outbox (lock file " + dir.resolve("lock")
                    + ")");
        }
        fileLock = fl;
        try {
            for (Priority p : Priority.values()) {
                lanes[p.ordinal()] = new Lane(p, dir.resolve(p.name()));
                Files.createDirectories(lanes[p.ordinal()].dir);
            }
            recover();
        } catch (IOException | RuntimeException e) {
            for (Lane lane : lanes) {
                if (lane != null) {
                    lane.segments.values().forEach(Segment::closeQuietly);
                }
            }
            fileLock.release();
            lockChannel.close();
            throw e;
        }
        committer = new Thread(this::runCommitter, "outbox-commit");
        committer.setDaemon(true);
        committer.start();
    }

    public Settings settings() {
        return settings;
    }

    void faults(Faults f) {
        faults = f == null ? Faults.NONE : f;
    }

    /** fsync calls so far (segment files, directories, checkpoint). */
    public long fsyncCount() {
        return fsyncs.get();
    }

    // ---------------------------------------------------------------- append

    @Override
    public CompletionStage<Long> append(Priority priority, List<Payload> payloads) throws OutboxFullException {
        Objects.requireNonNull(priority, "priority");
        Objects.requireNonNull(payloads, "payloads");
        int n = payloads.size();
        PayloadCodec.Bytes out = encoders.get();
        out.reset();
        int[] starts = new int[n];
        for (int i = 0; i < n; i++) {
            Payload p = Objects.requireNonNull(payloads.get(i), "payload");
            int start = out.len;
            starts[i] = start;
            out.putInt(0);
            out.putInt(0);
            out.putLong(0);
            PayloadCodec.encode(p, out);
            int len = out.len - start - FRAME_HEADER;
            if (len > MAX_RECORD) {
                throw new IllegalArgumentException("payload of " + len + " bytes exceeds the limit of " + MAX_RECORD);
            }
            out.putIntAt(start, len);
        }
        int total = out.len;
        lock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("outbox " + dir + " is closed");
            }
            if (n == 0) {
                return CompletableFuture.completedFuture(lastSeq);
            }
            Lane lane = lanes[priority.ordinal()];
            if (usedBytes() + total + SEGMENT_HEADER > settings.maxBytes()) {
                makeRoom(lane, total + SEGMENT_HEADER, n);
            }
            long first = lastSeq + 1;
            lastSeq += n; // consumed even if the write fails: a sequence number is never reused
            for (int i = 0; i < n; i++) {
                int s = starts[i];
                int len = i + 1 < n ? starts[i + 1] - s - FRAME_HEADER : total - s - FRAME_HEADER;
                out.putLongAt(s + 8, first + i);
                appendCrc.reset();
                appendCrc.update(out.buf, s, 4);
                appendCrc.update(out.buf, s + 8, 8 + len);
                out.putIntAt(s + 4, (int) appendCrc.getValue());
            }
            Segment seg = null;
            try {
                seg = activeSegment(lane, first, total);
                faults.beforeWrite(seg.path);
                writeFully(seg.channel(), ByteBuffer.wrap(out.buf, 0, total), seg.size);
            } catch (IOException e) {
                Path file = seg != null ? seg.path : lane.dir;
                if (seg != null && seg.ch != null) {
                    try {
                        seg.ch.truncate(seg.size);
                    } catch (IOException ignored) {
                        // the next append overwrites from the logical end; recovery drops any leftover fragment
                    }
                }
                drops[DropReason.IO_ERROR.ordinal()] += n;
                stateDirty = true;
                markDirty();
                OutboxIOException failure = ioFailure("cannot append " + n + " " + priority + " entries to", file, e);
                ioLog.warn(failure.getMessage(), e);
                return CompletableFuture.failedFuture(failure);
            }
            seg.size += total;
            seg.lastSeq = lastSeq;
            seg.unacked += n;
            seg.records += n;
            bytesOnDisk += total;
            unsyncedBytes += total;
            toSync.add(seg);
            CompletableFuture<Long> f = new CompletableFuture<>();
            waiters.add(new Waiter(f, lastSeq, n, seg));
            markDirty();
            return f;
        } finally {
            lock.unlock();
        }
    }

    private static OutboxIOException ioFailure(String what, Path file, IOException e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        boolean full = reason.contains("No space left") || reason.contains("Disk quota");
        return new OutboxIOException("outbox: " + what + " " + file + ": " + reason
                + (full ? " (disk full)" : "")
                + "; these entries are not stored. Stored entries are kept and still delivered; appends are retried"
                + " on the next call.", e);
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    private Segment activeSegment(Lane lane, long firstSeq, int bytes) throws IOException {
        Segment a = lane.active;
        if (a != null && a.records > 0 && a.size + bytes > settings.segmentBytes()) {
            lane.active = null;
            if (a.unacked == 0) {
                doom(a);
            } else {
                maybeClose(a);
            }
            a = null;
        }
        if (a == null) {
            Path path = lane.dir.resolve(String.format(Locale.ROOT, "%020d.seg", firstSeq));
            FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            try {
                ByteBuffer header = ByteBuffer.allocate(SEGMENT_HEADER).putInt(SEGMENT_MAGIC).putInt(SEGMENT_VERSION);
                writeFully(ch, header.flip(), 0);
            } catch (IOException e) {
                ch.close();
                Files.deleteIfExists(path);
                throw e;
            }
            a = new Segment(lane, firstSeq, path);
            a.ch = ch;
            a.size = SEGMENT_HEADER;
            a.durableEnd = SEGMENT_HEADER;
            bytesOnDisk += SEGMENT_HEADER;
            lane.segments.put(firstSeq, a);
            lane.active = a;
            dirsToSync.add(lane.dir);
        }
        return a;
    }

    private long usedBytes() {
        long pendingDelete = 0;
        for (Segment s : toDelete) {
            pendingDelete += s.size;
        }
        return bytesOnDisk - pendingDelete;
    }

    /** Full: apply the policy. Called with the lock held. */
    private void makeRoom(Lane incoming, long need, int count) throws OutboxFullException {
        if (settings.policy() == FullPolicy.REJECT_NEW) {
            drops[DropReason.FULL_REJECTED.ordinal()] += count;
            stateDirty = true;
            markDirty();
            throw new OutboxFullException("outbox " + dir + " is full (" + usedBytes() + " of "
                    + settings.maxBytes() + " bytes, policy reject-new): " + count + " " + incoming.priority
                    + " entries rejected");
        }
        List<Segment> victims = new ArrayList<>();
        while (usedBytes() + need > settings.maxBytes()) {
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
            drop(victim);
            victims.add(victim);
        }
        if (!victims.isEmpty() || !toDelete.isEmpty()) {
            // persist counters, watermarks and the sequence high-water mark before any file goes
            writeCheckpointQuietly(snapshotState());
            List<Segment> gone = new ArrayList<>(toDelete);
            toDelete.clear();
            gone.addAll(victims);
            for (Segment s : gone) {
                deleteFile(s);
            }
        }
        if (usedBytes() + need > settings.maxBytes()) {
            drops[DropReason.FULL_REJECTED.ordinal()] += count;
            stateDirty = true;
            markDirty();
            throw new OutboxFullException("outbox " + dir + " is full (" + usedBytes() + " of " + settings.maxBytes()
                    + " bytes) with entries more important than " + incoming.priority + ": " + count
                    + " entries rejected");
        }
    }

    /** Drops a whole segment for space, counting its unacknowledged entries. Lock held. */
    private void drop(Segment victim) {
        Lane lane = victim.lane;
        lane.segments.remove(victim.firstSeq);
        if (lane.active == victim) {
            lane.active = null;
        }
        long hi = victim.records == 0 ? victim.firstSeq : victim.lastSeq;
        lane.inFlight.subMap(victim.firstSeq, true, hi, true).clear();
        lane.released.subMap(victim.firstSeq, true, hi, true).clear();
        lane.acked.subSet(victim.firstSeq, true, hi, true).clear();
        drops[DropReason.FULL_DROPPED_OLDEST.ordinal()] += victim.unacked;
        if (victim.unacked > 0) {
            LOG.warn("outbox full ({} of {} bytes): dropped the oldest {} segment {} with {} unsent entries "
                    + "(seq {}..{})", usedBytes(), settings.maxBytes(), lane.priority, victim.path.getFileName(),
                    victim.unacked, victim.firstSeq, hi);
        }
        victim.unacked = 0;
        victim.doomed = true;
        toSync.remove(victim);
        lane.lastReadSeq = Math.max(lane.lastReadSeq, hi);
        advanceWatermark(lane);
        stateDirty = true;
    }

    private void doom(Segment s) {
        s.lane.segments.remove(s.firstSeq);
        if (s.lane.active == s) {
            s.lane.active = null;
        }
        s.doomed = true;
        toSync.remove(s);
        toDelete.add(s);
        stateDirty = true;
    }

    /** Lock held. */
    private void deleteFile(Segment s) {
        s.doomed = true;
        s.closeQuietly();
        try {
            Files.deleteIfExists(s.path);
            bytesOnDisk -= s.size;
        } catch (IOException e) {
            ioLog.warn("outbox: cannot delete " + s.path + ": " + e.getMessage(), e);
        }
    }

    private void markDirty() {
        if (!dirty) {
            dirty = true;
            firstDirtyNanos = System.nanoTime();
            commitWanted.signalAll();
        } else if (unsyncedBytes >= BURST_BYTES) {
            commitWanted.signalAll();
        }
    }

    // ---------------------------------------------------------------- take / acknowledge / release

    @Override
    public List<OutboxEntry> take(int max, Duration wait) throws InterruptedException {
        if (max <= 0) {
            return List.of();
        }
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        lock.lockInterruptibly();
        try {
            while (true) {
                if (closed) {
                    return List.of();
                }
                List<OutboxEntry> out = new ArrayList<>(Math.min(max, 256));
                for (Lane lane : lanes) {
                    while (out.size() < max && !lane.released.isEmpty()) {
                        Map.Entry<Long, OutboxEntry> e = lane.released.pollFirstEntry();
                        lane.inFlight.put(e.getKey(), e.getValue());
                        out.add(e.getValue());
                    }
                    if (out.size() < max) {
                        readCursor(lane, max, out);
                    }
                    if (out.size() >= max) {
                        break;
                    }
                }
                if (!out.isEmpty()) {
                    return out;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return out;
                }
                readable.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Reads durable entries from the lane's cursor into {@code out}, marking them in flight. Lock held. */
    private void readCursor(Lane lane, int max, List<OutboxEntry> out) {
        while (out.size() < max) {
            Segment s = lane.cursor;
            if (s == null || s.doomed) {
                Map.Entry<Long, Segment> next = s == null ? lane.segments.firstEntry()
                        : lane.segments.higherEntry(s.firstSeq);
                if (next == null) {
                    return;
                }
                lane.cursor = next.getValue();
                lane.cursorPos = SEGMENT_HEADER;
                continue;
            }
            if (lane.cursorPos >= s.durableEnd) {
                Map.Entry<Long, Segment> next = lane.segments.higherEntry(s.firstSeq);
                if (s != lane.active && s.durableEnd >= s.size && next != null) {
                    lane.cursor = next.getValue();
                    lane.cursorPos = SEGMENT_HEADER;
                    maybeClose(s);
                    continue;
                }
                return;
            }
            try {
                readChunk(lane, s, max, out);
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
        readFully(ch, buf, lane.cursorPos);
        buf.flip();
        int len = buf.getInt(0);
        if (len < 1 || len > MAX_RECORD || lane.cursorPos + FRAME_HEADER + len > limit) {
            throw new IOException("bad record length " + len + " at offset " + lane.cursorPos);
        }
        if (FRAME_HEADER + len > buf.limit()) {
            buf = ByteBuffer.allocate(FRAME_HEADER + len);
            readFully(ch, buf, lane.cursorPos);
            buf.flip();
        }
        int p = 0;
        while (out.size() < max && p + FRAME_HEADER <= buf.limit()) {
            len = buf.getInt(p);
            if (len < 1 || len > MAX_RECORD) {
                throw new IOException("bad record length " + len + " at offset " + (lane.cursorPos + p));
            }
            if (p + FRAME_HEADER + len > buf.limit()) {
                break;
            }
            readCrc.reset();
            readCrc.update(buf.array(), p, 4);
            readCrc.update(buf.array(), p + 8, 8 + len);
            if ((int) readCrc.getValue() != buf.getInt(p + 4)) {
                throw new IOException("checksum mismatch at offset " + (lane.cursorPos + p));
            }
            long seq = buf.getLong(p + 8);
            int next = p + FRAME_HEADER + len;
            if (seq > lane.watermark && !lane.acked.contains(seq)) {
                Payload payload;
                try {
                    payload = PayloadCodec.decode(ByteBuffer.wrap(buf.array(), p + FRAME_HEADER, len).slice());
                } catch (RuntimeException e) {
                    LOG.warn("outbox {}: entry seq {} at offset {} cannot be decoded ({}); discarded", s.path, seq,
                            lane.cursorPos + p, e.toString());
                    drops[DropReason.CORRUPT.ordinal()]++;
                    stateDirty = true;
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

    /** Bit rot found while reading: skip the rest of the segment, count what could not be read. Lock held. */
    private void damagedAtRead(Lane lane, Segment s, Exception e) {
        long hi = s.records == 0 ? s.firstSeq : s.lastSeq;
        long stillKnown = lane.inFlight.subMap(s.firstSeq, true, hi, true).size()
                + lane.released.subMap(s.firstSeq, true, hi, true).size();
        long lost = Math.max(0, s.unacked - stillKnown);
        LOG.warn("outbox {}: unreadable entry at offset {} ({}); discarding the rest of the segment ({} entries)",
                s.path, lane.cursorPos, e.getMessage(), lost);
        drops[DropReason.CORRUPT.ordinal()] += Math.max(1, lost);
        stateDirty = true;
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
        advanceWatermark(lane);
        if (s.unacked == 0) {
            doom(s);
        }
        markDirty();
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file at offset " + pos);
            }
            pos += r;
        }
    }

    @Override
    public void acknowledge(Collection<Long> seqs) {
        lock.lock();
        try {
            boolean changed = false;
            for (Long seq : seqs) {
                for (Lane lane : lanes) {
                    if (lane.inFlight.remove(seq) != null) {
                        Map.Entry<Long, Segment> e = lane.segments.floorEntry(seq);
                        if (e != null && seq <= e.getValue().lastSeq) {
                            Segment s = e.getValue();
                            s.unacked--;
                            if (s.unacked == 0 && s != lane.active) {
                                doom(s);
                            }
                        }
                        if (seq > lane.watermark) {
                            lane.acked.add(seq);
                        }
                        advanceWatermark(lane);
                        changed = true;
                        break;
                    }
                }
            }
            if (changed) {
                stateDirty = true;
                markDirty();
            }
        } finally {
            lock.unlock();
        }
    }

    private static void advanceWatermark(Lane lane) {
        long w = lane.lastReadSeq;
        if (!lane.inFlight.isEmpty()) {
            w = Math.min(w, lane.inFlight.firstKey() - 1);
        }
        if (!lane.released.isEmpty()) {
            w = Math.min(w, lane.released.firstKey() - 1);
        }
        if (w > lane.watermark) {
            lane.watermark = w;
            lane.acked.headSet(w, true).clear();
        }
    }

    @Override
    public void release(Collection<Long> seqs) {
        lock.lock();
        try {
            boolean any = false;
            for (Long seq : seqs) {
                for (Lane lane : lanes) {
                    OutboxEntry e = lane.inFlight.remove(seq);
                    if (e != null) {
                        lane.released.put(seq, e);
                        any = true;
                        break;
                    }
                }
            }
            if (any) {
                readable.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public OutboxStats stats() {
        lock.lock();
        try {
            Map<Priority, Long> pending = new EnumMap<>(Priority.class);
            long inFlight = 0;
            for (Lane lane : lanes) {
                pending.put(lane.priority, lane.unacked());
                inFlight += lane.inFlight.size();
            }
            Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
            for (DropReason r : DropReason.values()) {
                d.put(r, drops[r.ordinal()]);
            }
            return new OutboxStats(pending, inFlight, bytesOnDisk, settings.maxBytes(), d, lastSeq);
        } finally {
            lock.unlock();
        }
    }

    private void maybeClose(Segment s) {
        if (s != s.lane.active && s != s.lane.cursor && !toSync.contains(s)) {
            s.closeQuietly();
        }
    }

    // ---------------------------------------------------------------- group commit

    private record Batch(List<Waiter> waiters, Map<Segment, Long> ends, List<Path> dirs, byte[] checkpoint,
            long gen, List<Segment> deletions) {
    }

    private void runCommitter() {
        while (true) {
            Batch b;
            lock.lock();
            try {
                while (!closed && !dirty) {
                    commitWanted.awaitUninterruptibly();
                }
                if (!dirty) {
                    return;
                }
                long deadline = firstDirtyNanos + delayNanos;
                long r;
                while (!closed && unsyncedBytes < BURST_BYTES && (r = deadline - System.nanoTime()) > 0) {
                    try {
                        commitWanted.awaitNanos(r);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        break;
                    }
                }
                b = snapshotBatch();
            } finally {
                lock.unlock();
            }
            try {
                commit(b);
            } catch (RuntimeException | Error e) {
                LOG.error("outbox commit failed", e);
                failAll(b, new OutboxIOException("outbox commit failed: " + e, new IOException(e)));
            }
        }
    }

    /** Lock held. */
    private Batch snapshotBatch() {
        List<Waiter> w = waiters;
        waiters = new ArrayList<>();
        Map<Segment, Long> ends = new HashMap<>();
        for (Segment s : toSync) {
            ends.put(s, s.size);
        }
        toSync.clear();
        List<Path> dirs = new ArrayList<>(dirsToSync);
        dirsToSync.clear();
        byte[] cp = null;
        long gen = 0;
        List<Segment> deletions = List.of();
        if (stateDirty || !toDelete.isEmpty()) {
            gen = ++checkpointGen;
            cp = stateBytes(gen);
            stateDirty = false;
            deletions = new ArrayList<>(toDelete);
            toDelete.clear();
        }
        dirty = false;
        unsyncedBytes = 0;
        return new Batch(w, ends, dirs, cp, gen, deletions);
    }

    private void commit(Batch b) {
        Map<Segment, IOException> failed = new HashMap<>();
        for (Map.Entry<Segment, Long> e : b.ends.entrySet()) {
            Segment s = e.getKey();
            try {
                forceSegment(s);
            } catch (IOException ex) {
                if (!s.doomed) {
                    failed.put(s, ex);
                }
            }
        }
        IOException dirFailure = null;
        for (Path d : b.dirs) {
            try {
                syncDirectory(d);
            } catch (IOException ex) {
                dirFailure = ex;
            }
        }
        if (b.checkpoint != null) {
            writeCheckpointQuietly(new State(b.gen, b.checkpoint));
        }
        List<Waiter> ok = new ArrayList<>(b.waiters.size());
        List<Map.Entry<Waiter, OutboxIOException>> bad = new ArrayList<>();
        lock.lock();
        try {
            for (Map.Entry<Segment, Long> e : b.ends.entrySet()) {
                Segment s = e.getKey();
                if (failed.containsKey(s)) {
                    toSync.add(s); // retried with the next commit
                } else {
                    s.durableEnd = Math.max(s.durableEnd, e.getValue());
                    if (!s.doomed) {
                        maybeClose(s);
                    }
                }
            }
            for (Segment s : b.deletions) {
                deleteFile(s);
            }
            for (Waiter w : b.waiters) {
                IOException ex = failed.get(w.segment);
                if (ex == null && dirFailure != null && b.dirs.contains(w.segment.path.getParent())) {
                    ex = dirFailure;
                }
                if (ex == null) {
                    ok.add(w);
                } else {
                    drops[DropReason.IO_ERROR.ordinal()] += w.count;
                    stateDirty = true;
                    bad.add(Map.entry(w, ioFailure("cannot fsync", w.segment.path, ex)));
                }
            }
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        for (Waiter w : ok) {
            w.future.complete(w.lastSeq);
        }
        for (Map.Entry<Waiter, OutboxIOException> e : bad) {
            ioLog.warn(e.getValue().getMessage(), e.getValue().getCause());
            e.getKey().future.completeExceptionally(e.getValue());
        }
    }

    /** fsync applies to the file, not the descriptor: if the segment's channel was closed meanwhile, use a new one. */
    private void forceSegment(Segment s) throws IOException {
        if (s.doomed) {
            return;
        }
        faults.beforeForce(s.path);
        FileChannel ch = s.ch;
        if (ch != null) {
            try {
                ch.force(false);
                fsyncs.incrementAndGet();
                return;
            } catch (java.nio.channels.ClosedChannelException closed) {
                // closed by the reader or a roll after the snapshot: fall through
            }
        }
        if (s.doomed) {
            return;
        }
        try (FileChannel c = FileChannel.open(s.path, StandardOpenOption.READ)) {
            c.force(false);
            fsyncs.incrementAndGet();
        } catch (NoSuchFileException gone) {
            if (!s.doomed) {
                throw gone;
            }
        }
    }

    private void failAll(Batch b, RuntimeException e) {
        for (Waiter w : b.waiters) {
            w.future.completeExceptionally(e);
        }
    }

    private void syncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            ch.force(true);
            fsyncs.incrementAndGet();
        }
    }

    // ---------------------------------------------------------------- checkpoint

    private record State(long gen, byte[] bytes) {
    }

    /** Lock held. */
    private State snapshotState() {
        long gen = ++checkpointGen;
        stateDirty = false;
        return new State(gen, stateBytes(gen));
    }

    /** Lock held. Body: magic, version, gen, hwm, lanes (name, watermark, acked...), drops (name, count). */
    private byte[] stateBytes(long gen) {
        PayloadCodec.Bytes b = new PayloadCodec.Bytes(512);
        b.putInt(0); // length of body
        b.putInt(0); // crc of body
        b.putInt(STATE_MAGIC);
        b.putInt(STATE_VERSION);
        b.putLong(gen);
        b.putLong(lastSeq);
        b.putInt(lanes.length);
        for (Lane lane : lanes) {
            b.putString(lane.priority.name());
            b.putLong(lane.watermark);
            b.putInt(lane.acked.size());
            for (long s : lane.acked) {
                b.putLong(s);
            }
        }
        DropReason[] reasons = DropReason.values();
        b.putInt(reasons.length);
        for (DropReason r : reasons) {
            b.putString(r.name());
            b.putLong(drops[r.ordinal()]);
        }
        int bodyLen = b.len - 8;
        CRC32C crc = new CRC32C();
        crc.update(b.buf, 8, bodyLen);
        b.putIntAt(0, bodyLen);
        b.putIntAt(4, (int) crc.getValue());
        int padded = ((b.len + STATE_SLOT_BYTES - 1) / STATE_SLOT_BYTES) * STATE_SLOT_BYTES;
        byte[] out = new byte[padded];
        System.arraycopy(b.buf, 0, out, 0, b.len);
        return out;
    }

    private void writeCheckpointQuietly(State st) {
        try {
            writeCheckpoint(st);
        } catch (IOException e) {
            ioLog.warn("outbox: cannot write checkpoint " + dir.resolve("state." + (st.gen & 1)) + ": "
                    + e.getMessage() + " (acknowledged entries may be delivered again after a restart)", e);
        }
    }

    private void writeCheckpoint(State st) throws IOException {
        synchronized (checkpointLock) {
            if (st.gen <= writtenGen) {
                return; // a newer snapshot (a superset of this one) is already on disk
            }
            int slot = (int) (st.gen & 1);
            Path p = dir.resolve("state." + slot);
            try (FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                writeFully(ch, ByteBuffer.wrap(st.bytes), 0);
                ch.force(true);
                fsyncs.incrementAndGet();
            }
            if (!slotExists[slot]) {
                syncDirectory(dir);
                slotExists[slot] = true;
            }
            writtenGen = st.gen;
        }
    }

    private record LoadedState(long gen, long hwm, Map<String, Long> watermarks, Map<String, List<Long>> acked,
            Map<String, Long> drops) {
    }

    private LoadedState loadState() {
        LoadedState best = null;
        for (int slot = 0; slot < 2; slot++) {
            Path p = dir.resolve("state." + slot);
            if (!Files.exists(p)) {
                continue;
            }
            slotExists[slot] = true;
            try {
                LoadedState s = parseState(ByteBuffer.wrap(Files.readAllBytes(p)));
                if (best == null || s.gen > best.gen) {
                    best = s;
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("outbox checkpoint {} unreadable ({}); using the other slot", p, e.toString());
            }
        }
        if (best == null && (slotExists[0] || slotExists[1])) {
            LOG.warn("outbox {}: no valid checkpoint; every stored entry will be delivered again", dir);
        }
        return best;
    }

    private static LoadedState parseState(ByteBuffer in) throws IOException {
        int bodyLen = in.getInt();
        int crcValue = in.getInt();
        if (bodyLen < 24 || bodyLen > in.remaining()) {
            throw new IOException("bad length " + bodyLen);
        }
        CRC32C crc = new CRC32C();
        crc.update(in.array(), 8, bodyLen);
        if ((int) crc.getValue() != crcValue) {
            throw new IOException("checksum mismatch");
        }
        if (in.getInt() != STATE_MAGIC || in.getInt() != STATE_VERSION) {
            throw new IOException("not an outbox checkpoint");
        }
        long gen = in.getLong();
        long hwm = in.getLong();
        Map<String, Long> watermarks = new HashMap<>();
        Map<String, List<Long>> acked = new HashMap<>();
        int nLanes = in.getInt();
        for (int i = 0; i < nLanes; i++) {
            String name = readString(in);
            watermarks.put(name, in.getLong());
            int n = in.getInt();
            List<Long> a = new ArrayList<>(n);
            for (int j = 0; j < n; j++) {
                a.add(in.getLong());
            }
            acked.put(name, a);
        }
        Map<String, Long> drops = new HashMap<>();
        int nDrops = in.getInt();
        for (int i = 0; i < nDrops; i++) {
            String name = readString(in);
            drops.put(name, in.getLong());
        }
        return new LoadedState(gen, hwm, watermarks, acked, drops);
    }

    private static String readString(ByteBuffer in) {
        int len = (int) PayloadCodec.getVarLong(in);
        String s = new String(in.array(), in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }

    // ---------------------------------------------------------------- recovery

    private void recover() throws IOException {
        LoadedState st = loadState();
        long hwm = 0;
        if (st != null) {
            checkpointGen = st.gen;
            writtenGen = st.gen;
            hwm = st.hwm;
            for (DropReason r : DropReason.values()) {
                drops[r.ordinal()] = st.drops.getOrDefault(r.name(), 0L);
            }
        }
        long maxSeq = 0;
        for (Lane lane : lanes) {
            if (st != null) {
                lane.watermark = st.watermarks.getOrDefault(lane.priority.name(), 0L);
                lane.acked.addAll(st.acked.getOrDefault(lane.priority.name(), List.of()));
            }
            lane.lastReadSeq = lane.watermark;
            TreeMap<Long, Path> files = new TreeMap<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(lane.dir, "*.seg")) {
                for (Path p : ds) {
                    String name = p.getFileName().toString();
                    try {
                        files.put(Long.parseLong(name.substring(0, name.length() - 4)), p);
                    } catch (NumberFormatException e) {
                        LOG.warn("outbox: ignoring unexpected file {}", p);
                    }
                }
            }
            long prevSeq = 0;
            for (Map.Entry<Long, Path> f : files.entrySet()) {
                Segment s = new Segment(lane, f.getKey(), f.getValue());
                prevSeq = scan(s, prevSeq);
                bytesOnDisk += s.size;
                lane.segments.put(s.firstSeq, s);
                maxSeq = Math.max(maxSeq, prevSeq);
            }
            if (!lane.segments.isEmpty()) {
                Segment last = lane.segments.lastEntry().getValue();
                if (last.size >= SEGMENT_HEADER) {
                    lane.active = last;
                }
            }
        }
        lastSeq = Math.max(hwm, maxSeq);
        // entries recovered from the page cache after a process crash are made durable before they are handed out
        for (Lane lane : lanes) {
            for (Segment s : new ArrayList<>(lane.segments.values())) {
                if (s.size < SEGMENT_HEADER || s.unacked == 0) {
                    doom(s);
                } else {
                    s.channel().force(false);
                    fsyncs.incrementAndGet();
                    s.durableEnd = s.size;
                    maybeClose(s);
                }
            }
        }
        State cp = snapshotState();
        writeCheckpoint(cp);
        for (Segment s : toDelete) {
            deleteFile(s);
        }
        toDelete.clear();
        LOG.info("outbox {} opened: {} pending entries ({} bytes), last seq {}", dir,
                lanes[0].unacked() + lanes[1].unacked() + lanes[2].unacked(), bytesOnDisk, lastSeq);
    }

    /**
     * Verifies every record of a segment; truncates at the first torn or damaged one. Sets size, records, unacked
     * and lastSeq. Returns the last good sequence number of the lane.
     */
    private long scan(Segment s, long prevSeq) throws IOException {
        Lane lane = s.lane;
        FileChannel ch = s.channel();
        long size = ch.size();
        long pos = 0;
        long bad = -1;
        String why = null;
        ByteBuffer head = ByteBuffer.allocate(SEGMENT_HEADER);
        if (size < SEGMENT_HEADER) {
            bad = 0;
            why = "torn segment header";
        } else {
            readFully(ch, head, 0);
            if (head.getInt(0) != SEGMENT_MAGIC || head.getInt(4) != SEGMENT_VERSION) {
                bad = 0;
                why = "bad segment header";
            }
            pos = SEGMENT_HEADER;
        }
        ByteBuffer buf = ByteBuffer.allocate(READ_CHUNK);
        long bufStart = pos;
        buf.limit(0);
        CRC32C crc = new CRC32C();
        while (bad < 0 && pos < size) {
            // make sure the frame header and then the whole frame are in buf
            if (pos + FRAME_HEADER > size) {
                bad = pos;
                why = "torn record header";
                break;
            }
            int off = (int) (pos - bufStart);
            if (off + FRAME_HEADER > buf.limit()) {
                buf = refill(ch, buf, pos, size, FRAME_HEADER);
                bufStart = pos;
                off = 0;
            }
            int len = buf.getInt(off);
            if (len < 1 || len > MAX_RECORD || pos + FRAME_HEADER + len > size) {
                bad = pos;
                why = pos + FRAME_HEADER + len > size && len >= 1 && len <= MAX_RECORD ? "torn record"
                        : "bad record length " + len;
                break;
            }
            if (off + FRAME_HEADER + len > buf.limit()) {
                buf = refill(ch, buf, pos, size, FRAME_HEADER + len);
                bufStart = pos;
                off = 0;
            }
            crc.reset();
            crc.update(buf.array(), off, 4);
            crc.update(buf.array(), off + 8, 8 + len);
            long seq = buf.getLong(off + 8);
            if ((int) crc.getValue() != buf.getInt(off + 4)) {
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
            if (seq > lane.watermark && !lane.acked.contains(seq)) {
                s.unacked++;
            }
            pos += FRAME_HEADER + len;
        }
        if (bad >= 0) {
            long fragments = 1 + resync(ch, Math.max(bad + 1, SEGMENT_HEADER), size, prevSeq);
            LOG.warn("outbox {}: {} at offset {}; discarding {} bytes from there ({} damaged or unreachable "
                    + "records/fragments), keeping {} records before it", s.path, why, bad, size - bad, fragments,
                    s.records);
            drops[DropReason.CORRUPT.ordinal()] += fragments;
            ch.truncate(bad);
            ch.force(true);
            fsyncs.incrementAndGet();
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
        readFully(ch, b, pos);
        b.flip();
        return b;
    }

    /** Counts intact-looking records after a damaged one (they are lost with it). Bounded to 16 MiB of tail. */
    private static long resync(FileChannel ch, long from, long size, long prevSeq) throws IOException {
        long n = size - from;
        if (n < FRAME_HEADER + 1 || n > 16L * 1024 * 1024) {
            return 0;
        }
        ByteBuffer b = ByteBuffer.allocate((int) n);
        readFully(ch, b, from);
        byte[] a = b.array();
        CRC32C crc = new CRC32C();
        long found = 0;
        int p = 0;
        while (p + FRAME_HEADER < n) {
            int len = b.getInt(p);
            if (len >= 1 && p + FRAME_HEADER + (long) len <= n) {
                crc.reset();
                crc.update(a, p, 4);
                crc.update(a, p + 8, 8 + len);
                if ((int) crc.getValue() == b.getInt(p + 4) && b.getLong(p + 8) > prevSeq) {
                    found++;
                    p += FRAME_HEADER + len;
                    continue;
                }
            }
            p++;
        }
        return found;
    }

    // ---------------------------------------------------------------- close

    /** Commits what was appended, writes the checkpoint and releases the files. Idempotent. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            commitWanted.signalAll();
            readable.signalAll();
        } finally {
            lock.unlock();
        }
        boolean interrupted = false;
        while (committer.isAlive()) {
            try {
                committer.join(TimeUnit.SECONDS.toMillis(30));
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        lock.lock();
        try {
            for (Lane lane : lanes) {
                if (lane.active != null && lane.unacked() == 0) {
                    doom(lane.active); // fully acknowledged: nothing to keep
                }
            }
            if (stateDirty || !toDelete.isEmpty()) {
                writeCheckpointQuietly(snapshotState());
                for (Segment s : toDelete) {
                    deleteFile(s);
                }
                toDelete.clear();
            }
            for (Lane lane : lanes) {
                lane.segments.values().forEach(Segment::closeQuietly);
            }
        } finally {
            lock.unlock();
        }
        try {
            fileLock.release();
            lockChannel.close();
        } catch (IOException e) {
            LOG.debug("outbox lock release failed", e);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "FileOutbox[" + dir + "]";
    }
}
