package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.util.List;

import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.fleet.telemetry.store.RollupJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The server stopped and started again on the same data directory keeps everything, and still drops repeats. */
class RestartTest {
    @TempDir
    Path data;

    private ConfigurableApplicationContext start(int mqttPort) {
        return new SpringApplicationBuilder(FleetServerApplication.class).run("--server.port=0",
                "--hanedge.fleet.data-dir=" + data, "--hanedge.fleet.mqtt.port=" + mqttPort,
                "--hanedge.fleet.mqtt.bind-address=127.0.0.1",
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles"));
    }

    private static long readings(ConfigurableApplicationContext ctx) {
        return ctx.getBean(JdbcClient.class).sql("SELECT COUNT(*) FROM reading").query(Long.class).single();
    }

    @Test
    void restartKeepsAllDataAndDedup() {
        int port = FleetServerTest.freePort();
        String pack;
        String password;
        double t = System.currentTimeMillis() / 1000.0;
        try (ConfigurableApplicationContext ctx = start(port)) {
            ctx.getBean(GatewayRegistry.class).register(List.of(new Site("RST-1", "lake", "Hồ Bàu Trảng", null,
                    "Lien Chieu", 16.07, 108.15, "lake", null, List.of("restart"), List.of("lake"))));
            password = ctx.getBean(MqttCredentialService.class).issueForGateway("RST-1").password();
            pack = "[" + TestGateway.record("RST-1/lake-sonde/", "water_level", "m", "\"v\":1.0", t, 1) + ","
                    + TestGateway.record(null, "water_level", "m", "\"v\":2.0", t + 1, 2) + "]";
            try (TestGateway gw = TestGateway.connect("RST-1", password, port)) {
                gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
                gw.telemetry(pack, 1, 2);
                await().untilAsserted(() -> assertThat(readings(ctx)).isEqualTo(2));
            }
            ctx.getBean(RollupJob.class).runOnce();
        }
        try (ConfigurableApplicationContext ctx = start(port)) {
            JdbcClient jdbc = ctx.getBean(JdbcClient.class);
            assertThat(readings(ctx)).isEqualTo(2);
            assertThat(jdbc.sql("SELECT name FROM gateway WHERE id = 'RST-1'").query(String.class).single())
                    .isEqualTo("Hồ Bàu Trảng");
            assertThat(jdbc.sql("SELECT tag FROM gateway_tag WHERE gateway_id = 'RST-1'").query(String.class).list())
                    .containsExactly("restart");
            assertThat(jdbc.sql("SELECT SUM(cnt) FROM rollup_1m").query(Long.class).single()).isEqualTo(2);
            // the old credential still works, the old message is recognised, a new one is stored
            try (TestGateway gw = TestGateway.connect("RST-1", password, port)) {
                gw.telemetry(pack, 1, 2);
                gw.telemetry("[" + TestGateway.record("RST-1/lake-sonde/", "water_level", "m", "\"v\":3.0", t + 2, 3)
                        + "]", 3, 1);
                await().untilAsserted(() -> assertThat(readings(ctx)).isEqualTo(3));
            }
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT seq) FROM reading").query(Long.class).single()).isEqualTo(3);
        }
    }
}
