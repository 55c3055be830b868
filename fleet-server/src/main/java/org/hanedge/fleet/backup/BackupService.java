package org.hanedge.fleet.backup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.sql.DataSource;

import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Service;

/**
 * Takes online backups of the running server's database into the backup directory, one at a time, in the
 * background: H2 with {@code BACKUP TO} (a consistent copy while the server keeps writing), PostgreSQL with
 * {@code pg_dump --format=custom} (one snapshot). Ingest goes on meanwhile. Progress is the number of bytes written.
 */
@Service
public class BackupService implements DisposableBean {
    private static final Logger LOG = LoggerFactory.getLogger(BackupService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);
    private static final int KEPT_JOBS = 20;

    private final DataSource dataSource;
    private final Path dir;
    private final String pgDump;
    private final String url;
    private final String user;
    private final String password;
    private final Clock clock;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "hanedge-backup"));
    private final Map<String, BackupJob> jobs = new LinkedHashMap<>();
    private BackupJob current;

    public BackupService(DataSource dataSource, BackupProperties backup, FleetProperties fleet, Environment env,
            Clock clock) {
        this.dataSource = dataSource;
        this.dir = backup.dir() != null ? backup.dir() : fleet.dataDir().resolve("backups");
        this.pgDump = backup.pgDump();
        this.url = env.getProperty("spring.datasource.url");
        this.user = env.getProperty("spring.datasource.username");
        this.password = env.getProperty("spring.datasource.password");
        this.clock = clock;
    }

    /** Starts a backup; a {@link ConflictException} if one is running. */
    public synchronized BackupDto start() {
        if (current != null && current.state() == BackupState.RUNNING) {
            throw new ConflictException("a backup is already running (" + current.id() + "); wait for it to finish");
        }
        DatabaseKind kind = DatabaseKind.ofJdbcUrl(url);
        Instant now = clock.instant();
        String id = STAMP.format(now);
        int n = 1;
        while (jobs.containsKey(id)) {
            id = STAMP.format(now) + "-" + ++n;
        }
        String suffix = kind == DatabaseKind.H2 ? "h2" : "postgresql";
        BackupJob job = new BackupJob(id, kind, dir.resolve("fleet-backup-" + id + "-" + suffix + ".zip"), now);
        jobs.put(id, job);
        while (jobs.size() > KEPT_JOBS) {
            jobs.remove(jobs.keySet().iterator().next());
        }
        current = job;
        worker.submit(() -> run(job, kind));
        LOG.info("backup {}: started ({}), writing {}", id, kind, job.file());
        return job.toDto();
    }

    public synchronized Optional<BackupDto> find(String id) {
        return Optional.ofNullable(jobs.get(id)).map(BackupJob::toDto);
    }

    /** The file of a finished backup. */
    public synchronized Optional<Path> file(String id) {
        BackupJob job = jobs.get(id);
        return job != null && job.state() == BackupState.DONE ? Optional.of(job.file()) : Optional.empty();
    }

    private void run(BackupJob job, DatabaseKind kind) {
        Path payload = dir.resolve(".fleet-backup-" + job.id() + ".payload");
        try {
            BackupFiles.privateDirectory(dir);
            Files.deleteIfExists(payload);
            job.phase("copying database", () -> size(payload));
            List<String> migrations = copyDatabase(kind, payload);
            BackupFiles.restrict(payload, "rw-------");
            Path part = job.file().resolveSibling(job.file().getFileName() + ".part");
            job.phase("writing backup file", () -> size(part));
            BackupFiles.Digest digest = BackupFiles.Digest.of(payload);
            String version = Optional.ofNullable(getClass().getPackage().getImplementationVersion()).orElse("dev");
            BackupManifest manifest = new BackupManifest(kind, Instant.now(clock), SchemaVersions.latest(migrations),
                    migrations, digest.size(), digest.sha256(), version);
            BackupFiles.write(job.file(), payload, digest, manifest);
            long size = Files.size(job.file());
            job.done(size, clock.instant());
            LOG.info("backup {}: done, {} ({} bytes, schema version {})", job.id(), job.file(), size,
                    manifest.schemaVersion());
        } catch (Exception e) {
            String why = e instanceof BackupException ? e.getMessage() : e.toString();
            job.failed(why, clock.instant());
            LOG.error("backup {}: failed: {}", job.id(), why);
        } finally {
            deleteQuietly(payload);
            deleteQuietly(job.file().resolveSibling(job.file().getFileName() + ".part"));
        }
    }

    /** Copies the database to {@code payload}; answers the Flyway versions applied at the time. */
    private List<String> copyDatabase(DatabaseKind kind, Path payload) throws SQLException, IOException,
            InterruptedException {
        List<String> migrations;
        try (Connection c = dataSource.getConnection()) {
            migrations = SchemaVersions.applied(c);
            if (kind == DatabaseKind.H2) {
                try (Statement st = c.createStatement()) {
                    st.execute("BACKUP TO '" + payload.toAbsolutePath().toString().replace("'", "''") + "'");
                }
                return migrations;
            }
        }
        PgCommand pg = PgCommand.of(url, user);
        PgCommand.run(pg.command(pgDump, "--format=custom", "--no-owner", "--no-privileges",
                "--file=" + payload.toAbsolutePath()), password);
        return migrations;
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("backup: could not delete {}: {}", file, e.toString());
        }
    }

    @Override
    public void destroy() {
        worker.shutdownNow();
    }
}
