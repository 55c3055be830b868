package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * Restores a PostgreSQL backup with {@code pg_restore} into a database while the server is stopped. Refuses a
 * database other sessions use (a running server), and one that already has tables unless forced (then its
 * {@code public} schema is dropped first). Runs in one transaction: a failure leaves the database as it was.
 */
final class PgRestore {
    private PgRestore() {
    }

    static void restore(BackupArchive archive, String jdbcUrl, String user, String password, String pgRestore,
            boolean force, PrintStream out) throws IOException, SQLException, InterruptedException {
        PgCommand pg = PgCommand.of(jdbcUrl, user);
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            long others = count(c, "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND pid <> pg_backend_pid()");
            if (others > 0) {
                throw new BackupException("database " + pg.database() + " has " + others + " other session(s)"
                        + " connected: stop the fleet server (and other clients) first");
            }
            long tables = count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'");
            if (tables > 0 && !force) {
                throw new BackupException("database " + pg.database() + " already has " + tables + " tables; restore"
                        + " into an empty database, or add --force to drop its public schema first");
            }
            if (tables > 0) {
                try (Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA public CASCADE");
                    st.execute("CREATE SCHEMA public");
                }
                out.println("restore: dropped the " + tables + " tables of database " + pg.database());
            }
        }
        Path dump = Files.createTempFile("fleet-restore-", ".pgdump");
        try {
            BackupFiles.restrict(dump, "rw-------");
            archive.extractPayload(dump);
            out.println("restore: running pg_restore into " + pg.database());
            PgCommand.run(pg.command(pgRestore, "--no-owner", "--no-privileges", "--exit-on-error",
                    "--single-transaction", dump.toAbsolutePath().toString()), password);
        } finally {
            Files.deleteIfExists(dump);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            List<String> applied = SchemaVersions.applied(c);
            if (!applied.equals(archive.manifest().migrations())) {
                throw new BackupException("the restored database has Flyway versions " + applied + ", the backup's"
                        + " manifest says " + archive.manifest().migrations());
            }
        }
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
