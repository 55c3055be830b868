package org.hanedge.fleet.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import javax.sql.DataSource;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.fleet.telemetry.store.RollupJob;
import org.hanedge.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * The whole fleet server (embedded broker, HTTP, Flyway) on a real PostgreSQL database instead of H2. Its own
 * Spring context (not shared with {@link FleetServerTest}): a fresh empty database that Flyway migrates on start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresFleetServerTest {
    private static final PostgresServer POSTGRES = PostgresServer.shared();
    private static final String DATABASE = "fleet_server_" + ProcessHandle.current().pid();
    private static final Path DATA_DIR = tempDir();
    private static final int MQTT_PORT = FleetServerTest.freePort();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    RollupJob rollups;
    @Autowired
    ObjectMapper json;
    @LocalServerPort
    int httpPort;

    @DynamicPropertySource
    static void fleetProperties(DynamicPropertyRegistry registry) {
        String url = POSTGRES.createDatabase(DATABASE);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("hanedge.fleet.data-dir", DATA_DIR::toString);
        registry.add("hanedge.fleet.mqtt.port", () -> MQTT_PORT);
        registry.add("hanedge.fleet.mqtt.bind-address", () -> "127.0.0.1");
        registry.add("hanedge.fleet.profiles-dir", () -> FleetServerTest.projectPath("device-profiles").toString());
    }

    @Test
    void startsOnPostgresWithTheSchemaMigrated() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getCatalog()).isEqualTo(DATABASE);
        }
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'gateway'
                """).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                SELECT version FROM flyway_schema_history WHERE type = 'SQL' AND success ORDER BY installed_rank
                """).query(String.class).list()).containsExactly("1", "2", "3", "4", "5", "6", "7", "8", "9", "10");
    }

    @Test
    void telemetryFromAGatewayIsStoredOnceRolledUpAndServedByTheApi() throws Exception {
        String id = "PG-LAKE-1";
        registry.register(List.of(new Site(id, "lake", "Hồ Xanh " + id, "Hồ Xanh", "Cam Le", 16.02, 108.20, "lake",
                null, List.of("pg"), List.of("lake"))));
        // whole minutes in the past: the JSON readings share one minute bucket, well inside the series' default range
        double t = (System.currentTimeMillis() / 60_000 - 5) * 60.0;
        String pack = "[" + TestGateway.record(id + "/lake-sonde/", "water_level", "m", "\"v\":1.25", t, 1) + ","
                + TestGateway.record(null, "water_level", "m", "\"v\":1.75", t + 10, 2) + ","
                + TestGateway.record(null, "ph", "pH", "\"v\":7.5", t + 10, 3) + "]";
        try (TestGateway gw = TestGateway.connect(id, credentials.issueForGateway(id).password(), MQTT_PORT)) {
            gw.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
            gw.telemetry(pack, 1, 3);
            gw.telemetryBytes(cborTurbidity(id, 12.5, t + 20, 4), "application/senml+cbor", 4, 1);
            await().untilAsserted(() -> assertThat(readings(id)).isEqualTo(4));

            // the same message again (a gateway resending after a reconnect) adds nothing; a new one is stored
            gw.telemetry(pack, 1, 3);
            gw.telemetry("this is not senml", 5, 1);
            gw.telemetry("[" + TestGateway.record(id + "/lake-sonde/", "water_level", "m", "\"v\":2.0", t + 30, 6)
                    + "]", 6, 1);
            await().untilAsserted(() -> assertThat(readings(id)).isEqualTo(5));
            // telemetry read before the birth (another subscription) is refused, then replayed once the birth is
            // stored: what stays refused is the message that is not SenML
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT reason FROM dead_letter WHERE gateway_id = ?"
                    + " AND (replay_outcome IS NULL OR replay_outcome NOT IN ('STORED', 'DUPLICATE'))")
                    .param(id).query(String.class).list()).containsExactly("NOT_SENML"));
            assertThat(readings(id)).isEqualTo(5);
            assertThat(jdbc.sql("SELECT COUNT(DISTINCT r.seq) FROM reading r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = ?").param(id).query(Long.class).single()).isEqualTo(5);
            assertThat(jdbc.sql("SELECT r.num FROM reading r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = ? AND s.channel = 'turbidity'").param(id).query(Double.class).single())
                    .isEqualTo(12.5);
            assertThat(jdbc.sql("SELECT online FROM gateway WHERE id = ?").param(id).query(Boolean.class).single())
                    .isTrue();
            assertThat(jdbc.sql("SELECT profile_id FROM gateway_device WHERE gateway_id = ?").param(id)
                    .query(String.class).single()).isEqualTo("lake");

            rollups.runOnce();
            for (String table : List.of("rollup_1m", "rollup_1h", "rollup_1d")) {
                assertThat(jdbc.sql("SELECT SUM(r.cnt) FROM " + table + " r JOIN series s ON s.id = r.series_id"
                        + " WHERE s.gateway_id = ?").param(id).query(Long.class).single()).as(table).isEqualTo(5);
                assertThat(jdbc.sql("SELECT SUM(r.sum_v) / SUM(r.cnt) FROM " + table
                        + " r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ? AND s.channel = 'water_level'")
                        .param(id).query(Double.class).single()).as(table).isEqualTo(5.0 / 3);
            }
            assertThat(jdbc.sql("SELECT r.min_v FROM rollup_1m r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = ? AND s.channel = 'water_level' ORDER BY r.bucket").param(id)
                    .query(Double.class).list()).containsExactly(1.25);

            // the REST API: latest values (written once a second) and the raw series
            await().untilAsserted(() -> {
                JsonNode latest = get("/api/v1/gateways/" + id + "/latest");
                assertThat(latest).hasSize(3);
                assertThat(valueOf(latest, "water_level")).isEqualTo(2.0);
                assertThat(valueOf(latest, "ph")).isEqualTo(7.5);
                assertThat(valueOf(latest, "turbidity")).isEqualTo(12.5);
            });
            String range = "&from=" + java.time.Instant.ofEpochSecond((long) t - 60) + "&to=" + java.time.Instant.now();
            JsonNode series = get("/api/v1/gateways/" + id + "/series?channel=water_level&step=1s" + range);
            assertThat(series.path("resolution").asText()).isEqualTo("raw");
            assertThat(series.path("unit").asText()).isEqualTo("m");
            assertThat(series.path("points").findValuesAsText("value")).containsExactly("1.25", "1.75", "2.0");
            JsonNode minutes = get("/api/v1/gateways/" + id + "/series?channel=water_level&step=1m" + range);
            assertThat(minutes.path("points")).hasSize(1);
            assertThat(minutes.path("points").get(0).path("count").asLong()).isEqualTo(3);
            assertThat(minutes.path("points").get(0).path("max").asDouble()).isEqualTo(2.0);
        }
    }

    @Test
    void aConfigurationIsLayeredStoredPublishedReportedAndAuditedOnPostgres() throws Exception {
        String id = "PG-CFG-1";
        registry.register(List.of(new Site(id, "lake", "Hồ Đá " + id, "Hồ Đá", "Lien Chieu", 16.07, 108.15, "lake",
                null, List.of("pg-config"), List.of("lake"))));
        JsonNode layer = send("PUT", "/api/v1/config/layers/tag:pg-config", """
                {"document": {"uplink": {"broker": "ssl://fleet.danang.example:8883", "format": "senml+cbor"}},
                 "reason": "uplink of the PostgreSQL test"}""", 200);
        assertThat(layer.path("members").asInt()).isEqualTo(1);
        JsonNode stored = send("PUT", "/api/v1/gateways/" + id + "/config", """
                {"site": {"gateway": {"id": "%s"}, "devices": [{"id": "lake-1", "profile": "lake",
                          "modbus": {"transport": "tcp", "host": "10.0.0.9", "port": 502, "unitId": 1}}]},
                 "reason": "first configuration"}""".formatted(id), 200);
        assertThat(stored.path("version").asLong()).isEqualTo(1);
        assertThat(stored.path("publishedAt").isTextual()).isTrue();

        String password = credentials.issueForGateway(id).password();
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1")
                .serverPort(MQTT_PORT).buildBlocking();
        Queue<Mqtt5Publish> desired = new ConcurrentLinkedQueue<>();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, desired::add);
        client.connectWith().simpleAuth().username(id).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        try {
            client.subscribeWith().topicFilter(Topics.of(id, TopicKind.CONFIG_DESIRED)).qos(MqttQos.AT_LEAST_ONCE)
                    .send();
            await().until(() -> !desired.isEmpty());
            DesiredConfig d = ConfigDocuments.readDesired(desired.poll().getPayloadAsBytes());
            assertThat(d.version()).isEqualTo(1);
            assertThat(((Map<?, ?>) d.site().get("uplink")).get("broker")).isEqualTo("ssl://fleet.danang.example:8883");
            client.publishWith().topic(Topics.of(id, TopicKind.CONFIG_REPORTED)).qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true).payload(ConfigDocuments.write(new ReportedConfig(id, 1, ConfigStatus.APPLIED,
                            List.of(), 1, Instant.now()))).send();
            await().untilAsserted(() -> assertThat(get("/api/v1/gateways/" + id + "/config").path("inSync")
                    .asBoolean()).isTrue());
        } finally {
            client.disconnect();
        }
        send("PUT", "/api/v1/config/layers/tag:pg-config", """
                {"document": {"uplink": {"broker": "ssl://fleet.danang.example:8883", "format": "senml+cbor",
                                         "rate": 50}},
                 "reason": "slower", "expectedVersion": 1}""", 200);
        JsonNode push = send("POST", "/api/v1/config/pushes", "{\"group\": \"tag:pg-config\", \"reason\": \"x\"}",
                201);
        assertThat(push.path("gateways").get(0).path("outcome").asText()).isEqualTo("STORED");
        assertThat(push.path("gateways").get(0).path("version").asLong()).isEqualTo(2);
        assertThat(get("/api/v1/gateways/" + id + "/config").path("desired").path("origins").path("uplink.rate")
                .asText()).isEqualTo("tag:pg-config");
        JsonNode audit = get("/api/v1/audit?gateway=" + id + "&action=CONFIG_CHANGED");
        assertThat(audit.path("items").findValuesAsText("outcome")).containsExactly("STORED", "STORED");
        assertThat(get("/api/v1/audit?action=CONFIG_REPORTED&gateway=" + id).path("total").asLong()).isEqualTo(1);
    }

    private JsonNode send(String method, String path, String body, int status) throws Exception {
        String password = Files.readString(DATA_DIR.resolve("secrets/initial-admin-password")).trim();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(body)).build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(status);
        return json.readTree(res.body());
    }

    private long readings(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?")
                .param(gatewayId).query(Long.class).single();
    }

    private static double valueOf(JsonNode latest, String channel) {
        for (JsonNode n : latest) {
            if (channel.equals(n.path("channel").asText())) {
                return n.path("value").asDouble();
            }
        }
        throw new AssertionError("no latest value of " + channel + " in " + latest);
    }

    private JsonNode get(String path) throws Exception {
        String password = Files.readString(DATA_DIR.resolve("secrets/initial-admin-password")).trim();
        HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)))
                .GET().build();
        HttpResponse<String> res = HTTP.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(res.statusCode()).as(path + ": " + res.body()).isEqualTo(200);
        return json.readTree(res.body());
    }

    private static byte[] cborTurbidity(String gatewayId, double value, double t, long seq) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray();
            g.writeStartObject();
            g.writeFieldId(-2);
            g.writeString(gatewayId + "/lake-sonde/");
            g.writeFieldId(0);
            g.writeString("turbidity");
            g.writeFieldId(1);
            g.writeString("NTU");
            g.writeFieldId(2);
            g.writeNumber(value);
            g.writeFieldId(6);
            g.writeNumber(t);
            g.writeFieldName("seq");
            g.writeNumber(seq);
            g.writeEndObject();
            g.writeEndArray();
        }
        return out.toByteArray();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fleet-pg-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
