package org.hanedge.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.fleet.security.CreateOperatorRequest;
import org.hanedge.fleet.security.OperatorService;
import org.hanedge.fleet.security.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The server additions of the operators' configuration UI on the whole server (H2 file database, embedded broker,
 * HTTP with Basic authentication): the dry-run check of a gateway's document, the preview of a push, the fleet
 * table's sync column and filter, the writable outputs of the gateway overview, and who may call them.
 */
class ConfigUiApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "config-ui-test-password";
    private static final String OPERATOR = "cu-operator";
    private static final String VIEWER = "cu-viewer";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OperatorService operators;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    GatewayRegistry registry;
    @Autowired
    ProfileCatalog profiles;

    private final List<TestGateway> gateways = new ArrayList<>();

    record Answer(int status, JsonNode json, String body) {
    }

    @BeforeEach
    void accounts() {
        for (String name : List.of(OPERATOR, VIEWER)) {
            if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(name).query(Long.class)
                    .single() == 0) {
                operators.create(new CreateOperatorRequest(name, null, name.equals(OPERATOR) ? Role.OPERATOR
                        : Role.VIEWER, PASSWORD));
            }
        }
    }

    @AfterEach
    void disconnect() {
        gateways.forEach(TestGateway::close);
    }

    private Answer call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                .getBytes(StandardCharsets.UTF_8)));
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body().isEmpty() ? null : json.readTree(a.body()), a.body());
    }

    private void register(String id, String kind, String tag) {
        registry.register(List.of(new Site(id, kind, "UI test " + id, null, "Cam Le", 16.0, 108.2, kind, null,
                List.of(tag), List.of(kind))));
    }

    /** A pump station's site document with the PLC's unit id. */
    static String site(String gw, int unitId) {
        return """
                {"gateway": {"id": "%s"}, "profiles": "profiles",
                 "devices": [{"id": "ps-plc", "profile": "pump-station",
                              "modbus": {"transport": "tcp", "host": "192.168.10.20", "port": 502, "unitId": %d}}],
                 "uplink": {"broker": "ssl://fleet.danang.example:8883", "format": "senml+cbor"},
                 "rules": {"deadbands": {"ps-plc/wet_well_level": 0.05}}}""".formatted(gw, unitId);
    }

    private long versions(String gw) {
        return jdbc.sql("SELECT COUNT(*) FROM config_version WHERE gateway_id = ?").param(gw).query(Long.class)
                .single();
    }

    private String syncOf(String gw) throws Exception {
        JsonNode items = call("GET", "/api/v1/fleet?q=" + gw + "&size=500", VIEWER, null).json().path("items");
        for (JsonNode row : items) {
            if (row.path("id").asText().equals(gw)) {
                return row.path("sync").asText();
            }
        }
        throw new AssertionError(gw + " not in the fleet table");
    }

    @Test
    void theCheckRunsThePutsChecksWithoutStoringAndOnlyForOperators() throws Exception {
        String gw = "CU-CHECK-1";
        register(gw, "pump-station", "cu-check");
        Answer ok = call("POST", "/api/v1/gateways/" + gw + "/config/check", OPERATOR,
                "{\"site\": " + site(gw, 1) + "}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("site").path("devices").get(0).path("modbus").path("unitId").asInt()).isEqualTo(1);
        assertThat(ok.json().path("origins").path("devices").asText()).isEqualTo("gateway");
        assertThat(ok.json().path("own").path("gateway").path("id").asText()).isEqualTo(gw);
        assertThat(ok.json().path("differs").asBoolean()).as("no version yet").isTrue();
        assertThat(versions(gw)).as("a check stores nothing").isZero();

        Answer bad = call("POST", "/api/v1/gateways/" + gw + "/config/check", OPERATOR,
                "{\"site\": " + site(gw, 300) + "}");
        assertThat(bad.status()).as(bad.body()).isEqualTo(422);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("devices[0].modbus.unitId");
        assertThat(bad.json().path("errors").get(0).path("message").asText()).contains("300");
        // the same body as the PUT would get
        Answer put = call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR,
                "{\"site\": " + site(gw, 300) + ", \"reason\": \"test\"}");
        assertThat(put.status()).isEqualTo(422);
        assertThat(put.json().path("errors")).isEqualTo(bad.json().path("errors"));
        assertThat(versions(gw)).isZero();

        assertThat(call("POST", "/api/v1/gateways/" + gw + "/config/check", VIEWER, "{\"site\": " + site(gw, 1) + "}")
                .status()).isEqualTo(403);
        assertThat(call("POST", "/api/v1/gateways/" + gw + "/config/check", OPERATOR, "{}").status()).isEqualTo(400);
        assertThat(call("POST", "/api/v1/gateways/CU-NO-SUCH/config/check", OPERATOR,
                "{\"site\": " + site("CU-NO-SUCH", 1) + "}").status()).isEqualTo(404);

        // after a version: the check says whether the document differs from it
        assertThat(call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR,
                "{\"site\": " + site(gw, 1) + ", \"reason\": \"first\"}").status()).isEqualTo(200);
        assertThat(call("POST", "/api/v1/gateways/" + gw + "/config/check", OPERATOR,
                "{\"site\": " + site(gw, 1) + "}").json().path("differs").asBoolean()).isFalse();
        assertThat(call("POST", "/api/v1/gateways/" + gw + "/config/check", OPERATOR,
                "{\"site\": " + site(gw, 2) + "}").json().path("differs").asBoolean()).isTrue();
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config/effective", VIEWER, null).json().path("own")
                .path("devices").get(0).path("modbus").path("unitId").asInt()).isEqualTo(1);
        assertThat(call("PUT", "/api/v1/gateways/" + gw + "/config", VIEWER,
                "{\"site\": " + site(gw, 2) + ", \"reason\": \"viewer\"}").status()).isEqualTo(403);
        assertThat(versions(gw)).isEqualTo(1);
    }

    @Test
    void thePreviewSaysWhatAPushWouldDoAndStoresNothing() throws Exception {
        String a = "CU-PREV-A";
        String b = "CU-PREV-B";
        register(a, "pump-station", "cu-preview");
        register(b, "pump-station", "cu-preview");
        assertThat(call("PUT", "/api/v1/gateways/" + a + "/config", OPERATOR,
                "{\"site\": " + site(a, 1) + ", \"reason\": \"first\"}").status()).isEqualTo(200);

        Answer now = call("POST", "/api/v1/config/pushes/preview", OPERATOR, "{\"group\": \"tag:cu-preview\"}");
        assertThat(now.status()).as(now.body()).isEqualTo(200);
        assertThat(now.json().path("group").asText()).isEqualTo("tag:cu-preview");
        assertThat(now.json().path("gateways").get(0).path("gateway").asText()).isEqualTo(a);
        assertThat(now.json().path("gateways").get(0).path("outcome").asText()).isEqualTo("UNCHANGED");
        assertThat(now.json().path("gateways").get(1).path("outcome").asText()).isEqualTo("SKIPPED");
        assertThat(now.json().path("counts").path("UNCHANGED").asLong()).isEqualTo(1);

        Answer candidate = call("POST", "/api/v1/config/pushes/preview", OPERATOR, "{\"group\": \"tag:cu-preview\","
                + " \"document\": {\"remoteConfig\": {\"healthWindow\": \"90s\"}}}");
        assertThat(candidate.status()).as(candidate.body()).isEqualTo(200);
        assertThat(candidate.json().path("gateways").get(0).path("outcome").asText()).as(candidate.body())
                .isEqualTo("CHANGED");
        assertThat(candidate.json().path("gateways").get(1).path("outcome").asText()).isEqualTo("SKIPPED");

        Answer refused = call("POST", "/api/v1/config/pushes/preview", OPERATOR, "{\"group\": \"tag:cu-preview\","
                + " \"document\": {\"rules\": {\"deadbands\": {\"ps-plc/no_such_channel\": 0.1}}}}");
        assertThat(refused.status()).as(refused.body()).isEqualTo(200);
        JsonNode target = refused.json().path("gateways").get(0);
        assertThat(target.path("outcome").asText()).as(refused.body()).isEqualTo("REFUSED");
        assertThat(target.path("errors").get(0).path("message").asText()).contains("no_such_channel")
                .contains("tag:cu-preview");
        assertThat(versions(a)).as("a preview stores nothing").isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM config_layer WHERE scope = 'TAG' AND name = 'cu-preview'")
                .query(Long.class).single()).isZero();

        assertThat(call("POST", "/api/v1/config/pushes/preview", VIEWER, "{\"group\": \"tag:cu-preview\"}").status())
                .isEqualTo(403);
        Answer badGroup = call("POST", "/api/v1/config/pushes/preview", OPERATOR, "{\"group\": \"colour:red\"}");
        assertThat(badGroup.status()).isEqualTo(400);
        assertThat(badGroup.body()).contains("colour:red");
        assertThat(call("POST", "/api/v1/config/pushes", VIEWER, "{\"group\": \"tag:cu-preview\", \"reason\": \"x\"}")
                .status()).isEqualTo(403);
    }

    @Test
    void theFleetTableShowsAndFiltersTheConfigurationSync() throws Exception {
        String gw = "CU-SYNC-1";
        register(gw, "pump-station", "cu-sync");
        assertThat(syncOf(gw)).isEqualTo("NONE");
        TestGateway client = TestGateway.connect(gw, credentials.issueForGateway(gw).password(), MQTT_PORT);
        gateways.add(client);
        assertThat(call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR,
                "{\"site\": " + site(gw, 1) + ", \"reason\": \"first\"}").status()).isEqualTo(200);
        assertThat(syncOf(gw)).isEqualTo("PENDING");
        JsonNode pending = call("GET", "/api/v1/fleet?sync=pending&size=500", VIEWER, null).json();
        assertThat(pending.path("items").findValuesAsText("id")).contains(gw);
        assertThat(pending.path("items").findValuesAsText("sync")).containsOnly("PENDING");

        client.reportConfig(ConfigDocuments.write(new ReportedConfig(gw, 1, ConfigStatus.APPLIED, List.of(), 1,
                Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> syncOf(gw).equals("IN_SYNC"));
        assertThat(call("GET", "/api/v1/fleet?sync=IN_SYNC&size=500", VIEWER, null).json().path("items")
                .findValuesAsText("id")).contains(gw);
        assertThat(call("GET", "/api/v1/fleet?sync=PENDING&size=500", VIEWER, null).json().path("items")
                .findValuesAsText("id")).doesNotContain(gw);
        assertThat(call("GET", "/api/v1/fleet/facets", VIEWER, null).json().path("sync").path("IN_SYNC").asInt())
                .isGreaterThanOrEqualTo(1);

        client.reportConfig(ConfigDocuments.write(new ReportedConfig(gw, 1, ConfigStatus.DRIFT, List.of(), 1,
                Instant.now())));
        await().atMost(Duration.ofSeconds(10)).until(() -> syncOf(gw).equals("DRIFT"));

        Answer bad = call("GET", "/api/v1/fleet?sync=synced", VIEWER, null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body()).contains("sync").contains("synced");
    }

    @Test
    void theOverviewListsTheWritableOutputsOfTheAnnouncedDevices() throws Exception {
        String gw = "CU-OUT-1";
        register(gw, "pump-station", "cu-out");
        TestGateway client = TestGateway.connect(gw, credentials.issueForGateway(gw).password(), MQTT_PORT);
        gateways.add(client);
        String v = profiles.profile("pump-station").orElseThrow().version();
        client.birth("{\"ps-plc\":\"pump-station@" + v + "\",\"ps-io\":\"pump-station@" + v + "\"}");
        await().atMost(Duration.ofSeconds(10)).until(() -> call("GET", "/api/v1/gateways/" + gw + "/overview",
                VIEWER, null).json().path("outputs").size() > 0);
        JsonNode outputs = call("GET", "/api/v1/gateways/" + gw + "/overview", VIEWER, null).json().path("outputs");
        List<String> names = new ArrayList<>();
        outputs.forEach(o -> names.add(o.path("device").asText() + "/" + o.path("channel").asText()));
        // both devices run the pump-station profile, whose outputs are the three pump relays; devices by name
        assertThat(names).containsExactly("ps-io/pump1_run", "ps-io/pump2_run", "ps-io/pump3_run",
                "ps-plc/pump1_run", "ps-plc/pump2_run", "ps-plc/pump3_run");
        assertThat(outputs.get(0).path("profile").asText()).isEqualTo("pump-station");
        assertThat(call("POST", "/api/v1/gateways/" + gw + "/commands", VIEWER,
                "{\"device\": \"ps-io\", \"channel\": \"pump1_run\", \"value\": true}").status()).isEqualTo(403);
    }
}
