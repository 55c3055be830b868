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

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.ingest.IngestRouter;
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
 * replay one and a filtered set (operators) after the cause is fixed, with the roles of the rest of the API. The
 * messages enter at the ingest router (what the MQTT client calls); the broker's part is TrustedIngestTest's.
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
    IngestRouter router;
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

    /** A message through the server's ingest path, as the MQTT client hands it over (the broker is not the subject). */
    private void ingest(String topic, String payload) {
        router.route(topic, payload.getBytes(StandardCharsets.UTF_8), null, null, () -> { });
    }

    private void birth(String gw, String devices, int expectedDevices) {
        ingest(Topics.of(gw, TopicKind.STATE), "{\"online\":true,\"gateway\":\"" + gw + "\",\"devices\":" + devices + "}");
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway_device WHERE gateway_id = ?")
                .param(gw).query(Long.class).single()).isEqualTo(expectedDevices));
    }

    private long readings(String gatewayId, long seq) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?"
                + " AND r.seq = ?").params(gatewayId, seq).query(Long.class).single();
    }

    @Test
    void listFilterShowAndReplayAfterTheDeviceIsAnnounced() throws Exception {
        String gw = "DLA-1";
        double t = System.currentTimeMillis() / 1000.0;
        registry.register(List.of(new Site(gw, "lake", "Hồ " + gw, "Hồ", "Thanh Khe", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
        birth(gw, "{\"lake-sonde\":\"lake@1.0.0\"}", 1);
        ingest(Topics.of(gw, TopicKind.TELEMETRY), "[" + TestGateway.record(gw + "/pump-2/", "water_level", "m",
                "\"v\":3.5", t, 7) + "]");
        ingest(Topics.of(gw, TopicKind.TELEMETRY), "not senml");
        await().untilAsserted(() -> assertThat(jdbc.sql("SELECT reason FROM dead_letter WHERE gateway_id = ?")
                .param(gw).query(String.class).list()).containsExactlyInAnyOrder("UNKNOWN_DEVICE", "NOT_SENML"));
        Answer listed = call("GET", "/api/v1/dead-letters?gateway=" + gw, "dl-viewer");
        assertThat(listed.status()).as("%s", listed.json()).isEqualTo(200);
        assertThat(listed.json().path("total").asLong()).isEqualTo(2);
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
        birth(gw, "{\"lake-sonde\":\"lake@1.0.0\",\"pump-2\":\"lake@1.0.0\"}", 2);
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
