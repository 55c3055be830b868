package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Restores an H2 backup into a data directory ({@code <data>/db/fleet.mv.db}) while the server is stopped. The
 * database is unpacked next to the target and opened (its Flyway history must be the manifest's) before it is moved
 * into place; a database already there is refused unless forced, and then kept as {@code db.before-restore-<time>}.
 */
final class H2Restore {
    static final String DB_FILE = "fleet.mv.db";

    private H2Restore() {
    }

    /** @return the restored database file */
    static Path restore(BackupArchive archive, Path dataDir, boolean force, java.io.PrintStream out)
            throws IOException, SQLException {
        Path db = dataDir.resolve("db");
        Path existing = db.resolve(DB_FILE);
        if (Files.exists(existing)) {
            ensureNotInUse(existing);
            if (!force) {
                throw new BackupException("data directory " + dataDir + " already has a database (" + existing
                        + "); restore into an empty data directory, or add --force to replace it (the old one is kept"
                        + " as db.before-restore-<time>)");
            }
        }
        Files.createDirectories(dataDir);
        String stamp = Instant.now().toString().replace(":", "").replace(".", "");
        Path staging = dataDir.resolve("db.restore-" + stamp);
        Files.createDirectory(staging);
        BackupFiles.restrict(staging, "rwx------");
        try {
            Path zip = staging.resolve("payload.zip");
            archive.extractPayload(zip);
            unpackH2(zip, staging.resolve(DB_FILE));
            Files.delete(zip);
            out.println("restore: unpacked, checking the database opens and has the expected schema");
            List<String> applied;
            try (Connection c = DriverManager.getConnection("jdbc:h2:file:" + staging.resolve("fleet").toAbsolutePath()
                    + ";IFEXISTS=TRUE;AUTO_SERVER=FALSE", "sa", "")) {
                applied = SchemaVersions.applied(c);
            }
            if (!applied.equals(archive.manifest().migrations())) {
                throw new BackupException("the backup's database has Flyway versions " + applied
                        + ", its manifest says " + archive.manifest().migrations() + ": damaged; nothing was changed");
            }
            if (Files.exists(db)) {
                Path old = dataDir.resolve("db.before-restore-" + stamp);
                Files.move(db, old);
                out.println("restore: the previous database was moved to " + old);
            }
            Files.move(staging, db);
            return existing;
        } finally {
            deleteTree(staging);
        }
    }

    /** H2's BACKUP TO zip holds the {@code .mv.db} file (the only database file of MVStore). */
    private static void unpackH2(Path zip, Path target) throws IOException {
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) {
                if (!e.isDirectory() && e.getName().endsWith(".mv.db")) {
                    copy(in, target);
                    BackupFiles.restrict(target, "rw-------");
                    return;
                }
            }
        }
        throw new BackupException("the backup's H2 part has no .mv.db file: damaged; nothing was changed");
    }

    private static void copy(InputStream in, Path target) throws IOException {
        Files.copy(in, target);
    }

    /** The running server holds a lock on its database file: refuse to touch a database in use. */
    private static void ensureNotInUse(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = null;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BackupException("the database " + file + " is in use: stop the fleet server first");
            }
            lock.release();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
