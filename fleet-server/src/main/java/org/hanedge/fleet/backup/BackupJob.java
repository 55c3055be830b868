package org.hanedge.fleet.backup;

import java.nio.file.Path;
import java.time.Instant;
import java.util.function.LongSupplier;

/** One backup run: its state and progress, updated by the worker and read by the API. */
final class BackupJob {
    private final String id;
    private final DatabaseKind kind;
    private final Path file;
    private final Instant started;
    private volatile BackupState state = BackupState.RUNNING;
    private volatile String phase = "starting";
    private volatile LongSupplier progress = () -> 0;
    private volatile long bytes;
    private volatile Instant finished;
    private volatile String error;

    BackupJob(String id, DatabaseKind kind, Path file, Instant started) {
        this.id = id;
        this.kind = kind;
        this.file = file;
        this.started = started;
    }

    String id() {
        return id;
    }

    /** The backup file as it will be named when done. */
    Path file() {
        return file;
    }

    void phase(String phase, LongSupplier progress) {
        this.phase = phase;
        this.progress = progress;
    }

    void done(long size, Instant at) {
        bytes = size;
        finished = at;
        phase = "done";
        state = BackupState.DONE;
    }

    void failed(String why, Instant at) {
        error = why;
        finished = at;
        phase = "failed";
        state = BackupState.FAILED;
    }

    BackupState state() {
        return state;
    }

    BackupDto toDto() {
        long b = state == BackupState.RUNNING ? progress.getAsLong() : bytes;
        return new BackupDto(id, state, kind, phase, b, file.toString(), started, finished, error);
    }
}
