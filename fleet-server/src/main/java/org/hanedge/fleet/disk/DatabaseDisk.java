package org.hanedge.fleet.disk;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.env.Environment;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The database's disk, as ingest and the API see it. For H2 the free space of the database's file system is
 * measured before every ingest write and every {@code check-every}: below {@code min-free} the disk counts as full
 * until it is back at {@code resume-free}. A write that failed because the disk is full (H2 or PostgreSQL) counts as
 * full too, for {@link #FAILURE_HOLD_MS} after the last such failure. Each change is logged once, in one line naming
 * the database path.
 */
@Component
public class DatabaseDisk {
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseDisk.class);
    /** How long a disk-full write failure keeps the state full (PostgreSQL: no free space is measured). */
    static final long FAILURE_HOLD_MS = 10_000;

    private final Path directory;
    private final String database;
    private final long minFree;
    private final long resumeFree;
    private final Clock clock;
    private volatile boolean lowSpace;
    /** Time of the last disk-full write failure; 0 = none since the last successful write. */
    private volatile long lastFailure;
    private volatile long lastFree = -1;
    private boolean reportedFull;

    public DatabaseDisk(DiskProperties properties, Environment env, Clock clock) {
        String url = env.getProperty("spring.datasource.url", "");
        this.directory = h2Directory(url).orElse(null);
        this.database = directory != null ? directory.toString() : url.replaceAll("\\?.*", "");
        this.minFree = properties.minFree().toBytes();
        this.resumeFree = Math.max(minFree, properties.resumeFree().toBytes());
        this.clock = clock;
    }

    /** The directory of an H2 file database ({@code jdbc:h2:file:PATH;...} or {@code jdbc:h2:PATH}). */
    static Optional<Path> h2Directory(String url) {
        if (!url.startsWith("jdbc:h2:") || url.startsWith("jdbc:h2:mem:") || url.startsWith("jdbc:h2:tcp:")
                || url.startsWith("jdbc:h2:ssl:")) {
            return Optional.empty();
        }
        String path = url.substring("jdbc:h2:".length()).replaceFirst("^file:", "");
        int semi = path.indexOf(';');
        path = semi < 0 ? path : path.substring(0, semi);
        Path p = Path.of(path.replaceFirst("^~", System.getProperty("user.home"))).toAbsolutePath().getParent();
        return Optional.ofNullable(p);
    }

    /** True while writes should not be attempted: free space below the limit, or a recent disk-full failure. */
    public boolean full() {
        long failed = lastFailure;
        return lowSpace || failed != 0 && clock.millis() - failed < FAILURE_HOLD_MS;
    }

    /** What an operator is told while the disk is full. */
    public String problem() {
        String free = lastFree < 0 ? "" : " (" + mib(lastFree) + " free)";
        return "the database's disk is full: " + database + free + "; writes are refused until space is freed";
    }

    /**
     * Measures the free space and, while it is below the limit, blocks (ingest waits here, acknowledging nothing, so
     * the broker and the gateways keep the data). Returns at once for a database without a local path.
     */
    public void awaitSpace() throws InterruptedException {
        while (measure()) {
            Thread.sleep(500);
        }
    }

    /** Called with a failed write: true (and logged once) if it failed because the disk is full. */
    public boolean writeFailed(Throwable error) {
        if (!DiskFull.isDiskFull(error)) {
            return false;
        }
        lastFailure = clock.millis();
        synchronized (this) {
            if (!reportedFull) {
                reportedFull = true;
                LOG.error("database disk full: writing to {} failed ({}); ingest holds back acknowledgements (the"
                        + " broker and the gateways' outboxes keep the data) and retries, API writes answer 503;"
                        + " it resumes by itself once space is freed", database, firstLine(error));
            }
        }
        return true;
    }

    /** Called after a write succeeded: ends a disk-full state started by failures. */
    public void writeSucceeded() {
        if (lastFailure != 0) {
            lastFailure = 0;
            synchronized (this) {
                if (reportedFull && !lowSpace) {
                    reportedFull = false;
                    LOG.warn("database disk: writing to {} works again; ingest resumed", database);
                }
            }
        }
    }

    @Scheduled(fixedDelayString = "${hanedge.fleet.disk.check-every:2s}")
    void check() {
        measure();
    }

    /** @return true while the free space is below the limit */
    synchronized boolean measure() {
        if (directory == null || minFree <= 0) {
            return false;
        }
        long free;
        try {
            free = Files.getFileStore(Files.isDirectory(directory) ? directory : directory.getParent()).getUsableSpace();
        } catch (IOException | RuntimeException e) {
            return lowSpace;
        }
        lastFree = free;
        if (!lowSpace && free < minFree) {
            lowSpace = true;
            reportedFull = true;
            LOG.error("database disk full: {} has {} free, less than min-free {}; ingest paused (nothing is"
                    + " acknowledged: the broker and the gateways' outboxes keep the data), API writes answer 503;"
                    + " it resumes by itself at {} free", directory, mib(free), mib(minFree), mib(resumeFree));
        } else if (lowSpace && free >= resumeFree) {
            lowSpace = false;
            reportedFull = false;
            LOG.warn("database disk: {} has {} free again; ingest resumed", directory, mib(free));
        }
        return lowSpace;
    }

    private static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = String.valueOf(root.getMessage());
        int nl = m.indexOf('\n');
        return root.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }
}
