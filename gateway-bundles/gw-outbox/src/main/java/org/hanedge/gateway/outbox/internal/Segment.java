package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One segment file of a lane, named by the first sequence number it holds. Its counters are guarded by the outbox
 * lock; the channel is opened lazily and closed when the segment is neither written, read nor waiting for an fsync.
 */
final class Segment {
    final Lane lane;
    final long firstSeq;
    final Path path;
    volatile FileChannel ch;
    /** Logical end: bytes written so far (header included). */
    long size;
    /** End of what is fsynced and under a checkpoint holding its numbers; only entries before it are handed out. */
    long durableEnd;
    /** End of what is fsynced. */
    long syncedEnd;
    long lastSeq;
    long unacked;
    long records;
    /** A damaged record was skipped while reading; its unacked count is settled when the reader leaves it. */
    boolean damagedAtRead;
    /** Dropped or fully acknowledged: to be deleted, never written or read again. */
    boolean doomed;

    Segment(Lane lane, long firstSeq, Path path) {
        this.lane = lane;
        this.firstSeq = firstSeq;
        this.path = path;
    }

    /** Creates a new, empty segment file (just the header) for entries from {@code firstSeq} on. */
    static Segment create(Lane lane, long firstSeq) throws IOException {
        Path path = lane.dir.resolve(RecordFormat.segmentFileName(firstSeq));
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            DiskIo.writeFully(ch, RecordFormat.segmentHeader(), 0);
        } catch (IOException e) {
            ch.close();
            Files.deleteIfExists(path);
            throw e;
        }
        Segment s = new Segment(lane, firstSeq, path);
        s.ch = ch;
        s.size = RecordFormat.SEGMENT_HEADER;
        s.durableEnd = RecordFormat.SEGMENT_HEADER;
        s.syncedEnd = RecordFormat.SEGMENT_HEADER;
        return s;
    }

    FileChannel channel() throws IOException {
        if (ch == null) {
            ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        }
        return ch;
    }

    /** The highest sequence number the segment can hold entries up to (its first one while empty). */
    long highSeq() {
        return records == 0 ? firstSeq : lastSeq;
    }

    /** Writes frames at the logical end (page cache only); {@link #appended} counts them once written. */
    void write(ByteBuffer frames, DiskIo disk) throws IOException {
        disk.beforeWrite(path);
        DiskIo.writeFully(channel(), frames, size);
    }

    void appended(int bytes, int count, long last) {
        size += bytes;
        lastSeq = last;
        unacked += count;
        records += count;
    }

    /**
     * After a failed fsync the state of everything written since the last good one is unknown (Linux may drop the
     * failed pages and report the next fsync as good): cut the segment back to what was fsynced, so that those
     * entries, reported as lost, are really gone rather than delivered later. Returns the bytes cut.
     */
    long cutToSynced() {
        long cut = size - syncedEnd;
        size = syncedEnd;
        if (ch != null) {
            try {
                ch.truncate(syncedEnd);
            } catch (IOException ignored) {
                // a later start-up finds them and delivers them: at least once, never a wrong number
            }
        }
        return cut;
    }

    /** After a failed write: cut off whatever part of it reached the file. */
    void discardUnwritten() {
        if (ch != null) {
            try {
                ch.truncate(size);
            } catch (IOException ignored) {
                // the next append overwrites from the logical end; recovery drops any leftover fragment
            }
        }
    }

    /** fsync applies to the file, not the descriptor: if the segment's channel was closed meanwhile, use a new one. */
    void force(DiskIo disk) throws IOException {
        if (doomed) {
            return;
        }
        disk.beforeForce(path);
        FileChannel c = ch;
        if (c != null) {
            try {
                disk.force(c, false);
                return;
            } catch (ClosedChannelException closed) {
                // closed by the reader or a roll after the snapshot: fall through
            }
        }
        if (doomed) {
            return;
        }
        try (FileChannel fresh = FileChannel.open(path, StandardOpenOption.READ)) {
            disk.force(fresh, false);
        } catch (NoSuchFileException gone) {
            if (!doomed) {
                throw gone;
            }
        }
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
