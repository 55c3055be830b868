package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.io.UncheckedIOException;

/** The disk refused an outbox write (full disk, I/O error); the message names the file. Counted as IO_ERROR. */
public final class OutboxIOException extends UncheckedIOException {
    private static final long serialVersionUID = 1L;

    public OutboxIOException(String message, IOException cause) {
        super(message, cause);
    }
}
