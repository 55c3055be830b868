package org.hanedge.fleet.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The command line of {@code ./hanedge fleet-server backup|restore}; the work itself: BackupRestoreScenario. */
class BackupCommandTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return BackupCommand.run(List.of(args), Map.of(), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void helpAndUsageErrors() {
        assertThat(run("backup", "--help")).isZero();
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("fleet-server backup [--server URL]")
                .contains("fleet-server restore FILE");
        assertThat(run("restore", "-h")).isZero();
        assertThat(run("nothing")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).startsWith("usage: ./hanedge fleet-server backup");
        assertThat(run("restore")).isEqualTo(2);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("restore: the backup FILE is missing");
    }
}
