package org.hanedge.demo;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The demo could not come up or a process died: printed after "hanedge demo: " with the last lines of the log that
 * explains it, exit code 1 (everything started is stopped in order first).
 */
public final class DemoFailure extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path log;

    public DemoFailure(String message, Path log) {
        super(message);
        this.log = log;
    }

    public DemoFailure(String message) {
        this(message, null);
    }

    /** The log to show the tail of, if any. */
    public Optional<Path> log() {
        return Optional.ofNullable(log);
    }
}
