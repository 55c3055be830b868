package org.hanedge.fleet.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.servlet.context.ServletWebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The backup scenario shared by the H2 and PostgreSQL tests: a server ingesting from gateways that publish without
 * pause, a backup taken through the operator's command meanwhile, the server stopped, the backup restored into a
 * fresh database, a server started on it.
 */
final class BackupRestoreScenario {
    static final List<String> GATEWAYS = List.of("BAK-LAKE-1", "BAK-LAKE-2");
    private static final double T0 = System.currentTimeMillis() / 1000.0 - 3600;

    final Map<String, String> passwords = new LinkedHashMap<>();
    final Map<String, AtomicLong> sent = new LinkedHashMap<>();

    static ConfigurableApplicationContext start(Path data, int mqttPort, String... more) {
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--hanedge.fleet.data-dir=" + data,
                "--hanedge.fleet.mqtt.port=" + mqttPort, "--hanedge.fleet.mqtt.bind-address=127.0.0.1",
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles")));
        args.addAll(List.of(more));
        return new SpringApplicationBuilder(FleetServerApplication.class).run(args.toArray(String[]::new));
    }

    static int httpPort(ConfigurableApplicationContext ctx) {
        return ((ServletWebServerApplicationContext) ctx).getWebServer().getPort();
    }

    static String message(String gateway, long seq) {
        return "[" + TestGateway.record(gateway + "/lake-sonde/", "water_level", "m", "\"v\":" + seq,
                T0 + seq / 1000.0, seq) + "]";
    }

    void registerGateways(ConfigurableApplicationContext ctx) {
        for (String id : GATEWAYS) {
            ctx.getBean(GatewayRegistry.class).register(List.of(new Site(id, "lake", "Hồ " + id, null, "Hai Chau",
                    16.06, 108.22, "lake", null, List.of("backup"), List.of("lake"))));
            passwords.put(id, ctx.getBean(MqttCredentialService.class).issueForGateway(id).password());
            sent.put(id, new AtomicLong());
        }
    }

    /** One thread per gateway publishing messages (QoS 1, one reading each) until {@code stop}. */
    List<Thread> publish(int mqttPort, AtomicBoolean stop) {
        List<Thread> threads = new ArrayList<>();
        for (String id : GATEWAYS) {
            Thread t = new Thread(() -> {
                try (TestGateway gw = TestGateway.connect(id, passwords.get(id), mqttPort)) {
                    gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
                    while (!stop.get()) {
                        long seq = sent.get(id).get() + 1;
                        gw.telemetry(message(id, seq), seq, 1);
                        sent.get(id).set(seq);
                    }
                }
            }, "publisher-" + id);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    /** Runs the operator's command line; answers exit code and output. */
    static Result command(String... args) {
        return command(Map.of(), args);
    }

    static Result command(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int rc = BackupCommand.run(List.of(args), env, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(rc, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    record Result(int exitCode, String out, String err) {
    }

    /** Readings per gateway: seq -> value. */
    static Map<Long, Double> readings(JdbcClient jdbc, String gateway) {
        Map<Long, Double> m = new LinkedHashMap<>();
        jdbc.sql("SELECT r.seq, r.num FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?"
                + " ORDER BY r.seq").param(gateway).query((rs, n) -> m.put(rs.getLong(1), rs.getDouble(2))).list();
        return m;
    }

    static long count(JdbcClient jdbc, String sql) {
        return jdbc.sql(sql).query(Long.class).single();
    }

    /**
     * The restored server: the data up to the backup point as the original had it, every gateway still connects
     * with its credential, and a full resend of everything stores each message exactly once.
     */
    void checkRestored(ConfigurableApplicationContext restored, Map<String, Map<Long, Double>> original,
            Map<String, Long> counts, int mqttPort) {
        JdbcClient jdbc = restored.getBean(JdbcClient.class);
        for (Map.Entry<String, Long> c : counts.entrySet()) {
            assertThat(count(jdbc, c.getKey())).as(c.getKey()).isEqualTo(c.getValue());
        }
        Map<String, Integer> restoredCount = new LinkedHashMap<>();
        for (String id : GATEWAYS) {
            Map<Long, Double> got = readings(jdbc, id);
            restoredCount.put(id, got.size());
            long upTo = got.size();
            assertThat(upTo).as("readings of " + id + " in the backup").isPositive();
            // a consistent point in time: every message up to the backup point, none missing, values as stored
            assertThat(got.keySet()).as(id).containsExactlyElementsOf(
                    java.util.stream.LongStream.rangeClosed(1, upTo).boxed().toList());
            got.forEach((seq, v) -> assertThat(original.get(id).get(seq)).as(id + " seq " + seq).isEqualTo(v));
        }
        for (String id : GATEWAYS) {
            long total = sent.get(id).get();
            try (TestGateway gw = TestGateway.connect(id, passwords.get(id), mqttPort)) {
                for (long seq = 1; seq <= total; seq++) {
                    var result = gw.telemetry(message(id, seq), seq, 1);
                    assertThat(result.getError()).as(id + " seq " + seq + " published").isEmpty();
                }
            }
            String seqRuns = jdbc.sql("SELECT seq_from || '-' || seq_to FROM ingest_seq WHERE gateway_id = ?")
                    .param(id).query(String.class).list().toString();
            await().atMost(Duration.ofMinutes(3)).untilAsserted(() -> assertThat(readings(jdbc, id))
                    .as(id + ": restored " + restoredCount.get(id) + ", runs " + seqRuns + ", dead letters "
                            + count(jdbc, "SELECT COUNT(*) FROM dead_letter") + ", meters " + meters(restored))
                    .hasSize((int) total));
            assertThat(count(jdbc, "SELECT COUNT(DISTINCT r.seq) FROM reading r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = '" + id + "'")).isEqualTo(total);
        }
    }

    private static String meters(ConfigurableApplicationContext ctx) {
        StringBuilder sb = new StringBuilder();
        ctx.getBean(io.micrometer.core.instrument.MeterRegistry.class).getMeters().stream()
                .filter(m -> m.getId().getName().startsWith("hanedge")).forEach(m -> {
                    sb.append(m.getId().getName()).append(m.getId().getTags()).append('=');
                    m.measure().forEach(x -> sb.append(x.getValue()).append(' '));
                    sb.append("; ");
                });
        return sb.toString();
    }

    static Map<String, Long> counts(JdbcClient jdbc) {
        Map<String, Long> m = new LinkedHashMap<>();
        for (String sql : List.of("SELECT COUNT(*) FROM gateway", "SELECT COUNT(*) FROM mqtt_credential",
                "SELECT COUNT(*) FROM operator")) {
            m.put(sql, count(jdbc, sql));
        }
        return m;
    }

    static String adminPasswordFile(Path data) {
        Path f = data.resolve("secrets/initial-admin-password");
        assertThat(f).exists();
        return f.toString();
    }

    static void truncate(Path from, Path to) throws java.io.IOException {
        byte[] all = Files.readAllBytes(from);
        Files.write(to, java.util.Arrays.copyOf(all, all.length / 2));
    }
}
