package org.hanedge.fleet.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The manifest's round trip and the schema checks a restore makes before touching anything. */
class BackupManifestTest {

    @Test
    void manifestRoundTrips() throws Exception {
        BackupManifest m = new BackupManifest(DatabaseKind.POSTGRESQL, Instant.parse("2026-12-07T10:00:00Z"), "4",
                List.of("1", "2", "3", "4"), 1234, "ab".repeat(32), "0.1.0");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        m.write(out);
        assertThat(BackupManifest.read(new ByteArrayInputStream(out.toByteArray()))).isEqualTo(m);
    }

    @Test
    void aManifestWithoutItsChecksumIsRefusedNamingTheKey() {
        String text = "format=hanedge-fleet-backup/1\ndatabase=H2\ncreated-at=2026-12-07T10:00:00Z\n"
                + "schema-version=4\nmigrations=1,2,3,4\npayload-bytes=10\n";
        assertThatThrownBy(() -> BackupManifest.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))))
                .isInstanceOf(BackupException.class).hasMessage("manifest: payload-sha256 is missing");
    }

    @Test
    void theJarKnowsItsMigrationsInOrder() {
        List<String> known = SchemaVersions.known();
        assertThat(known).startsWith("1", "2", "3", "4");
        assertThat(SchemaVersions.latest(known)).isEqualTo(known.get(known.size() - 1));
    }

    @Test
    void anOlderSchemaIsAcceptedANewerOneRefused() {
        List<String> known = List.of("1", "2", "3", "4");
        SchemaVersions.checkCompatible(List.of("1", "2", "3"), known);
        assertThatThrownBy(() -> SchemaVersions.checkCompatible(List.of("1", "2", "3", "4", "5"), known))
                .isInstanceOf(BackupException.class)
                .hasMessageContaining("schema version 5 which this server does not know (it knows up to 4)");
    }

    @Test
    void commandLineErrorsNameTheOption() {
        BackupRestoreScenario.Result r = BackupRestoreScenario.command("backup", "--server");
        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.err()).contains("--server needs a value");
        BackupRestoreScenario.Result missing = BackupRestoreScenario.command("restore", "/nonexistent/fleet.zip");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("backup file /nonexistent/fleet.zip does not exist");
        BackupRestoreScenario.Result noPassword = BackupRestoreScenario.command("backup");
        assertThat(noPassword.exitCode()).isEqualTo(2);
        assertThat(noPassword.err()).contains("--password-file");
    }
}
