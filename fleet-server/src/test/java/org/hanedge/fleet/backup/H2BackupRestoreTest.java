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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Online backup of the H2 database while readings flow, through {@code ./hanedge fleet-server backup}'s command;
 * restore into a fresh data directory; a server started on it has the data and still takes its gateways.
 */
class H2BackupRestoreTest {
    @TempDir
    Path tmp;

    @Test
    void backupDuringIngestRestoresIntoAFreshDataDirectory() throws Exception {
        Path data = tmp.resolve("data");
        Path restoredData = tmp.resolve("restored");
        Path download = tmp.resolve("fleet.zip");
        int port = FleetServerTest.freePort();
        BackupRestoreScenario s = new BackupRestoreScenario();
        Map<String, Map<Long, Double>> original = new LinkedHashMap<>();
        Map<String, Long> counts;
        try (ConfigurableApplicationContext ctx = BackupRestoreScenario.start(data, port)) {
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
            assertThat(backup.out()).contains("done").contains("downloaded to " + download);
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
        // the backup on the server and the download: owner-only
        try (var files = Files.list(data.resolve("backups"))) {
            Path onServer = files.filter(p -> p.toString().endsWith("-h2.zip")).findFirst().orElseThrow();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(onServer))).isEqualTo("rw-------");
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(download))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(data.resolve("backups"))))
                .isEqualTo("rwx------");

        // refused before anything is touched: a cut-short file, an existing database without --force
        Path cut = tmp.resolve("cut.zip");
        BackupRestoreScenario.truncate(download, cut);
        BackupRestoreScenario.Result truncated = BackupRestoreScenario.command("restore", cut.toString(), "--data",
                restoredData.toString());
        assertThat(truncated.exitCode()).isEqualTo(1);
        assertThat(truncated.err()).contains(cut.toString()).contains("incomplete").contains("nothing was changed");
        assertThat(restoredData).doesNotExist();
        BackupRestoreScenario.Result existing = BackupRestoreScenario.command("restore", download.toString(), "--data",
                data.toString());
        assertThat(existing.exitCode()).isEqualTo(1);
        assertThat(existing.err()).contains("already has a database").contains("--force");

        BackupRestoreScenario.Result restore = BackupRestoreScenario.command("restore", download.toString(), "--data",
                restoredData.toString());
        assertThat(restore.exitCode()).as(restore.err()).isZero();
        assertThat(restore.out()).contains("is complete: H2 backup").contains("restore: done");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(restoredData.resolve("db/fleet.mv.db"))))
                .isEqualTo("rw-------");

        // the restored server: its own data directory (the original's secrets are not part of a backup)
        try (ConfigurableApplicationContext restored = BackupRestoreScenario.start(restoredData, port)) {
            s.checkRestored(restored, original, counts, port);
        }

        // --force replaces a database, keeping the old one aside
        BackupRestoreScenario.Result forced = BackupRestoreScenario.command("restore", download.toString(), "--data",
                restoredData.toString(), "--force");
        assertThat(forced.exitCode()).as(forced.err()).isZero();
        try (var dirs = Files.list(restoredData)) {
            assertThat(dirs.map(p -> p.getFileName().toString())).anyMatch(n -> n.startsWith("db.before-restore-"));
        }
    }
}
