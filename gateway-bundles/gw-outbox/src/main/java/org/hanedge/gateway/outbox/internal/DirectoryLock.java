package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** The {@code lock} file held while an outbox is open: one outbox per directory, also across processes. */
final class DirectoryLock {
    private final FileChannel channel;
    private final FileLock lock;

    private DirectoryLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock of {@code dir} (which must exist), or fails if another outbox holds it. */
    static DirectoryLock acquire(Path dir) throws IOException {
        FileChannel ch = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock fl;
        try {
            fl = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            fl = null;
        }
        if (fl == null) {
            ch.close();
            throw new IOException("outbox " + dir + " is in use by another outbox (lock file " + dir.resolve("lock")
                    + ")");
        }
        return new DirectoryLock(ch, fl);
    }

    void release() throws IOException {
        lock.release();
        channel.close();
    }
}
