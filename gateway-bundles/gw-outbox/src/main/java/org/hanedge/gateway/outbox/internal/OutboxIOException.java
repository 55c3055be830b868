package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The disk refused an outbox write (full disk, I/O error); the message names the file. Counted as IO_ERROR. */
public final class OutboxIOException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public OutboxIOException(String message, IOException cause) {
        super(message, cause);
    }

    /** Whether the disk refused the write because it is full (ENOSPC) or the quota is exhausted (EDQUOT). */
    static boolean isDiskFull(IOException e) {
        String reason = e.getMessage();
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            reason = fse.getReason();
        }
        return reason != null && (reason.contains("No space left") || reason.contains("Disk quota"));
    }

    /** The failure of {@code what} on {@code file}, saying "disk full" for ENOSPC and what happens next. */
    static OutboxIOException forFile(String what, Path file, IOException e) {
        String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
        boolean full = isDiskFull(e);
        return new OutboxIOException("outbox: " + what + " " + file + ": " + reason
                + (full ? " (disk full)" : "")
                + "; these entries are not stored. Stored entries are kept and still delivered; appends are retried"
                + " on the next call.", e);
    }
}
