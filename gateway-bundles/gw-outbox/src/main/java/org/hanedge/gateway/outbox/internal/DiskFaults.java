package org.hanedge.gateway.outbox.internal;

import java.io.IOException;
import java.nio.file.Path;

/** Test seam: lets a test make the disk refuse writes or fsyncs (root ignores file permissions). */
interface DiskFaults {
    DiskFaults NONE = new DiskFaults() {
    };

    default void beforeWrite(Path file) throws IOException {
    }

    default void beforeForce(Path file) throws IOException {
    }
}
