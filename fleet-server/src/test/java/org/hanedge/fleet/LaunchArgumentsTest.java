package org.hanedge.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LaunchArgumentsTest {
    @TempDir
    Path dir;

    @Test
    void shortOptionsBecomeSettingsAndALaterSettingReplacesTheLaunchersDefault() throws Exception {
        Path csv = Files.writeString(dir.resolve("sites.csv"), "id\n");
        assertThat(LaunchArguments.toSpring("--hanedge.fleet.data-dir=/default", "--hanedge.fleet.profiles-dir=/p",
                "--http-port", "9090", "--mqtt-port", "2883", "--data", "/mine", "--sites", csv.toString(), "--demo",
                "--spring.datasource.url=jdbc:h2:mem:x;MODE=PostgreSQL"))
                .containsExactly("--hanedge.fleet.profiles-dir=/p", "--server.port=9090", "--hanedge.fleet.mqtt.port=2883",
                        "--hanedge.fleet.data-dir=/mine", "--hanedge.fleet.sites-csv=" + csv.toAbsolutePath(),
                        "--hanedge.fleet.demo=true", "--spring.datasource.url=jdbc:h2:mem:x;MODE=PostgreSQL");
        assertThat(LaunchArguments.toSpring("--server.port=1", "--server.port=2")).containsExactly("--server.port=2");
        assertThat(LaunchArguments.toSpring("--demo", "--help")).isNull();
    }

    @Test
    void mistakesSayWhat() {
        assertThatThrownBy(() -> LaunchArguments.toSpring("--http-prot", "9090"))
                .hasMessage("unknown option '--http-prot'");
        assertThatThrownBy(() -> LaunchArguments.toSpring("backup")).hasMessage("unknown option 'backup'");
        assertThatThrownBy(() -> LaunchArguments.toSpring("--data")).hasMessage("--data needs a value");
        assertThatThrownBy(() -> LaunchArguments.toSpring("--http-port", "--demo")).hasMessage("--http-port needs a value");
        assertThatThrownBy(() -> LaunchArguments.toSpring("--sites", dir.resolve("none.csv").toString()))
                .hasMessageContaining("not found");
    }
}
