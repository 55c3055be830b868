package org.hanedge.fleet.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Online backup of a real PostgreSQL database (the server runs pg_dump) while readings flow; restore with
 * pg_restore into a fresh database; a server started on it has the data and still takes its gateways.
 */
class PostgresBackupRestoreTest {
    private static final PostgresServer POSTGRES = PostgresServer.shared();

    @TempDir
    Path tmp;

    @Test
    void backupDuringIngestRestoresIntoAFreshDatabase() throws Exception {
        String source = "fleet_backup_src_" + ProcessHandle.current().pid();
        String target = "fleet_backup_dst_" + ProcessHandle.current().pid();
        String sourceUrl = POSTGRES.createDatabase(source);
        String targetUrl = POSTGRES.createDatabase(target);
        String pgBin = POSTGRES.binaries().toString();
        Path data = tmp.resolve("data");
        Path download = tmp.resolve("fleet.zip");
        int port = FleetServerTest.freePort();
        BackupRestoreScenario s = new BackupRestoreScenario();
        Map<String, Map<Long, Double>> original = new LinkedHashMap<>();
        Map<String, Long> counts;
        try (ConfigurableApplicationContext ctx = BackupRestoreScenario.start(data, port, postgres(sourceUrl),
                "--spring.datasource.username=" + POSTGRES.username(), "--spring.datasource.password=",
                "--hanedge.fleet.backup.pg-dump=" + pgBin + "/pg_dump")) {
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            s.registerGateways(ctx);
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> publishers = s.publish(port, stop);
            String first = BackupRestoreScenario.GATEWAYS.get(0);
            await().until(() -> BackupRestoreScenario.readings(jdbc, first).size() > 50);
            long before = BackupRestoreScenario.count(jdbc, "SELECT COUNT(*) FROM reading");

            BackupRestoreScenario.Result backup = BackupRestoreScenario.command("backup", "--server",
                    "http://127.0.0.1:" + BackupRestoreScenario.httpPort(ctx), "--password-file",
                    BackupRestoreScenario.adminPasswordFile(data), "--out", download.toString());
            assertThat(backup.exitCode()).as(backup.err()).isZero();
            assertThat(backup.out()).contains("started (POSTGRESQL)").contains("downloaded to " + download);
            long after = BackupRestoreScenario.count(jdbc, "SELECT COUNT(*) FROM reading");
            assertThat(after).as("readings kept flowing during the backup").isGreaterThan(before);
            await().until(() -> BackupRestoreScenario.count(jdbc, "SELECT COUNT(*) FROM reading") > after + 50);
            stop.set(true);
            for (Thread t : publishers) {
                t.join(10_000);
            }
            for (String id : BackupRestoreScenario.GATEWAYS) {
                original.put(id, BackupRestoreScenario.readings(jdbc, id));
            }
            counts = BackupRestoreScenario.counts(jdbc);
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(download))).isEqualTo("rw-------");

        // the source still has its tables: refused without --force, before anything is touched
        BackupRestoreScenario.Result existing = BackupRestoreScenario.command("restore", download.toString(),
                "--jdbc-url", sourceUrl, "--db-user", POSTGRES.username(), "--pg-restore", pgBin + "/pg_restore");
        assertThat(existing.exitCode()).isEqualTo(1);
        assertThat(existing.err()).contains("database " + source + " already has").contains("--force");

        BackupRestoreScenario.Result restore = BackupRestoreScenario.command("restore", download.toString(),
                "--jdbc-url", targetUrl, "--db-user", POSTGRES.username(), "--pg-restore", pgBin + "/pg_restore");
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("is complete: POSTGRESQL backup").contains("restore: done");

        try (ConfigurableApplicationContext restored = BackupRestoreScenario.start(tmp.resolve("restored"), port,
                postgres(targetUrl), "--spring.datasource.username=" + POSTGRES.username(),
                "--spring.datasource.password=")) {
            s.checkRestored(restored, original, counts, port);
        } finally {
            POSTGRES.dropDatabase(source);
            POSTGRES.dropDatabase(target);
        }
    }

    private static String postgres(String url) {
        return "--spring.datasource.url=" + url;
    }
}
