package org.hanedge.fleet.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.fleet.security.CreateOperatorRequest;
import org.hanedge.fleet.security.OperatorService;
import org.hanedge.fleet.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The dead-letter API over HTTP on the real server: list with paging and filters, one, its payload (operators),
 * replay one and a filtered set (operators) after the cause is fixed, with the roles of the rest of the API.
 */
class DeadLetterApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "dead-letter-test-password";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    OperatorService operators;

    record Answer(int status, JsonNode json) {
    }

    @BeforeEach
    void accounts() {
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            String name = "dl-" + role.name().toLowerCase();
            if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(name).query(Long.class).single() == 0) {
                operators.create(new CreateOperatorRequest(name, null, role, PASSWORD));
            }
        }
    }

    private Answer call(String method, String path, String user) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> a = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body().isEmpty() ? null : json.readTree(a.body()));
    }

    private TestGateway lake(String id) {
        registry.register(List.of(new Site(id, "lake", "Hồ " + id, "Hồ", "Thanh Khe", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
        return TestGateway.connect(id, credentials.issueForGateway(id).password(), MQTT_PORT);
    }

    private long readings(String gatewayId, long seq) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?"
                + " AND r.seq = ?").params(gatewayId, seq).query(Long.class).single();
    }

    @Test
    void listFilterShowAndReplayAfterTheDeviceIsAnnounced() throws Exception {
        String gw = "DLA-1";
        double t = System.currentTimeMillis() / 1000.0;
        try (TestGateway g = lake(gw)) {
            g.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?")
                    .param(gw).query(Long.class).single()).isEqualTo(1));
            g.telemetry("[" + TestGateway.record(gw + "/pump-2/", "water_level", "m", "\"v\":3.5", t, 7) + "]", 7, 1);
            g.telemetry("not senml", 8, 1);
            await().untilAsserted(() -> assertThat(call("GET", "/api/v1/dead-letters?gateway=" + gw, "dl-viewer")
                    .json().path("total").asLong()).isEqualTo(2));
        }
        // a dead letter from two days ago: outside the automatic replay after a birth (24 h)
        long old = Instant.now().minusSeconds(2 * 86_400).toEpochMilli();
        jdbc.sql("UPDATE dead_letter SET received_at = ? WHERE gateway_id = ? AND reason = 'UNKNOWN_DEVICE'")
                .params(old, gw).update();

        // list: newest first, paging, filters by reason and time
        Answer page = call("GET", "/api/v1/dead-letters?gateway=" + gw + "&size=1", "dl-viewer");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("items")).hasSize(1);
        assertThat(page.json().path("items").get(0).path("reason").asText()).isEqualTo("NOT_SENML");
        JsonNode unknown = call("GET", "/api/v1/dead-letters?gateway=" + gw + "&reason=unknown_device", "dl-viewer")
                .json().path("items").get(0);
        long id = unknown.path("id").asLong();
        assertThat(unknown.path("detail").asText()).contains("pump-2");
        assertThat(unknown.path("reasonDescription").asText()).contains("not announced");
        assertThat(unknown.path("replayable").asBoolean()).isTrue();
        String since = Instant.now().minusSeconds(3600).toString();
        assertThat(call("GET", "/api/v1/dead-letters?gateway=" + gw + "&from=" + since, "dl-viewer").json()
                .path("items")).extracting(n -> n.path("reason").asText()).containsExactly("NOT_SENML");
        assertThat(call("GET", "/api/v1/dead-letters?gateway=" + gw + "&to=" + since, "dl-viewer").json()
                .path("items")).extracting(n -> n.path("reason").asText()).containsExactly("UNKNOWN_DEVICE");
        Answer bad = call("GET", "/api/v1/dead-letters?from=yesterday", "dl-viewer");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("detail").asText()).contains("from");

        // one, and its payload: viewers see the dead letter, only operators what the gateway sent
        assertThat(call("GET", "/api/v1/dead-letters/" + id, "dl-viewer").json().path("gateway").asText())
                .isEqualTo(gw);
        assertThat(call("GET", "/api/v1/dead-letters/" + id + "/payload", "dl-viewer").status()).isEqualTo(403);
        Answer payload = call("GET", "/api/v1/dead-letters/" + id + "/payload", "dl-operator");
        assertThat(payload.status()).isEqualTo(200);
        assertThat(payload.json().path("complete").asBoolean()).isTrue();
        assertThat(payload.json().path("text").asText()).contains("\"bn\":\"DLA-1/pump-2/\"").contains("\"seq\":7");
        assertThat(call("GET", "/api/v1/dead-letters/999999999", "dl-viewer").status()).isEqualTo(404);

        // replay before the cause is fixed: still refused, recorded
        assertThat(call("POST", "/api/v1/dead-letters/" + id + "/replay", "dl-viewer").status()).isEqualTo(403);
        Answer refused = call("POST", "/api/v1/dead-letters/" + id + "/replay", "dl-operator");
        assertThat(refused.status()).isEqualTo(200);
        assertThat(refused.json().path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(refused.json().path("refused").get(0).asText()).isEqualTo("UNKNOWN_DEVICE");
        assertThat(readings(gw, 7)).isZero();

        // the device is added to the birth; the replay stores the reading, once
        try (TestGateway g = TestGateway.connect(gw, credentials.issueForGateway(gw).password(), MQTT_PORT)) {
            g.birth("{\"lake-sonde\":\"lake@1.0.0\",\"pump-2\":\"lake@1.0.0\"}");
            await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?")
                    .param(gw).query(Long.class).single()).isEqualTo(2));
        }
        Answer stored = call("POST", "/api/v1/dead-letters/" + id + "/replay", "dl-operator");
        assertThat(stored.json().path("outcome").asText()).isEqualTo("STORED");
        assertThat(stored.json().path("stored").asInt()).isEqualTo(1);
        assertThat(readings(gw, 7)).isEqualTo(1);
        JsonNode marked = call("GET", "/api/v1/dead-letters/" + id, "dl-viewer").json();
        assertThat(marked.path("replayOutcome").asText()).isEqualTo("STORED");
        assertThat(marked.path("replayedAt").asText()).isNotEmpty();
        assertThat(call("POST", "/api/v1/dead-letters/" + id + "/replay", "dl-operator").status()).isEqualTo(409);
        assertThat(call("GET", "/api/v1/dead-letters?gateway=" + gw + "&resolved=true", "dl-viewer").json()
                .path("total").asLong()).isEqualTo(1);

        // a filtered set: the message that is not SenML is still refused, nothing is stored twice
        Answer bulk = call("POST", "/api/v1/dead-letters/replay?gateway=" + gw, "dl-operator");
        assertThat(bulk.status()).isEqualTo(200);
        assertThat(bulk.json().path("replayed").asInt()).isEqualTo(1);
        assertThat(bulk.json().path("outcomes").path("REFUSED").asInt()).isEqualTo(1);
        assertThat(bulk.json().path("results").get(0).path("refused").get(0).asText()).isEqualTo("NOT_SENML");
        assertThat(readings(gw, 7)).isEqualTo(1);
        assertThat(call("GET", "/api/v1/dead-letters/reasons", "dl-viewer").json().has("TOO_MANY_SERIES")).isTrue();
    }
}
