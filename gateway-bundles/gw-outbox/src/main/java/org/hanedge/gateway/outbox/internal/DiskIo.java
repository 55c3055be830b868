package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/** Disk access of one outbox: the fault seam, counted fsyncs, and whole-buffer reads and writes. Thread-safe. */
final class DiskIo {
    private volatile DiskFaults faults = DiskFaults.NONE;
    private final AtomicLong fsyncs = new AtomicLong();

    void faults(DiskFaults f) {
        faults = f == null ? DiskFaults.NONE : f;
    }

    /** fsync calls so far (segment files, directories, checkpoint). */
    long fsyncCount() {
        return fsyncs.get();
    }

    void beforeWrite(Path file) throws IOException {
        faults.beforeWrite(file);
    }

    void beforeForce(Path file) throws IOException {
        faults.beforeForce(file);
    }

    /** fsyncs the channel's file and counts it (the fault seam is the caller's business). */
    void force(FileChannel ch, boolean metaData) throws IOException {
        ch.force(metaData);
        fsyncs.incrementAndGet();
    }

    void syncDirectory(Path d) throws IOException {
        try (FileChannel ch = FileChannel.open(d, StandardOpenOption.READ)) {
            force(ch, true);
        }
    }

    static void writeFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }

    static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            int r = ch.read(buf, pos);
            if (r < 0) {
                throw new IOException("unexpected end of file at offset " + pos);
            }
            pos += r;
        }
    }
}
