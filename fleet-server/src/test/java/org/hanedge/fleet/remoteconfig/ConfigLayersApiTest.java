package org.hanedge.fleet.remoteconfig;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.credential.MqttCredentialService;
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
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * Layers (site kind, district, tag) merged under the gateways' own documents, and a push to a group with its
 * progress, on the shared full-stack server with real gateway clients. The groups are this test's own (a kind, a
 * district and a tag no other test uses), so the other tests' gateways are not in them; the fleet layer, which every
 * gateway of the shared server is in, is left alone.
 */
class ConfigLayersApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "config-layers-test-password";
    private static final String OPERATOR = "cl-operator";
    private static final String VIEWER = "cl-viewer";
    private static final String KIND = "layer-lake";
    private static final String DISTRICT = "Quận Thử";
    private static final String TAG = "layer-tag";
    private static final String L1 = "CL-GW-1";
    private static final String L2 = "CL-GW-2";
    private static final String L3 = "CL-GW-3";

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

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    record Answer(int status, String body, JsonNode json) {
    }

    @BeforeEach
    void accountsAndGateways() {
        for (String name : List.of(OPERATOR, VIEWER)) {
            if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(name).query(Long.class)
                    .single() == 0) {
                operators.create(new CreateOperatorRequest(name, null, name.equals(OPERATOR) ? Role.OPERATOR
                        : Role.VIEWER, PASSWORD));
            }
        }
        for (String gw : List.of(L1, L2, L3)) {
            if (jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(gw).query(Long.class).single() == 0) {
                jdbc.sql("INSERT INTO gateway (id, kind, name, district, created_at) VALUES (?, ?, ?, ?, 0)")
                        .params(gw, KIND, gw, gw.equals(L3) ? null : DISTRICT).update();
            }
        }
        if (jdbc.sql("SELECT COUNT(*) FROM gateway_tag WHERE gateway_id = ?").param(L2).query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO gateway_tag (gateway_id, tag) VALUES (?, ?)").params(L2, TAG).update();
        }
    }

    @AfterEach
    void disconnect() {
        clients.stream().filter(c -> c.getState().isConnected()).forEach(Mqtt5BlockingClient::disconnect);
    }

    private Answer call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body(), a.body().isEmpty() ? null : json.readTree(a.body()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Answer putLayer(String group, String document, String user) throws Exception {
        return call("PUT", "/api/v1/config/layers/" + enc(group), user,
                "{\"document\": " + document + ", \"reason\": \"layer test\"}");
    }

    /** A gateway's own document: its id and devices only; the uplink comes from the kind's layer. */
    private static String own(String gw, String extra) {
        return "{\"gateway\": {\"id\": \"" + gw + "\"}, \"devices\": [{\"id\": \"lake-1\", \"profile\": \"lake\", "
                + "\"modbus\": {\"transport\": \"tcp\", \"host\": \"10.0.0.5\", \"port\": 502, \"unitId\": 1}}]"
                + extra + "}";
    }

    private Answer putGateway(String gw, String document) throws Exception {
        return call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR,
                "{\"site\": " + document + ", \"reason\": \"own document\"}");
    }

    private Mqtt5BlockingClient gateway(String gw, Queue<Mqtt5Publish> desired) {
        String password = credentials.issueForGateway(gw).password();
        Mqtt5BlockingClient c = Mqtt5Client.builder().identifier(gw).serverHost("127.0.0.1").serverPort(MQTT_PORT)
                .buildBlocking();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL, desired::add);
        c.connectWith().simpleAuth().username(gw).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        clients.add(c);
        c.subscribeWith().topicFilter(Topics.of(gw, TopicKind.CONFIG_DESIRED)).qos(MqttQos.AT_LEAST_ONCE).send();
        return c;
    }

    @Test
    void layersMergeUnderTheGatewaysAndAPushBringsThemTheChangeWithProgress() throws Exception {
        String kind = "kind:" + KIND;
        Answer k = putLayer(kind, """
                {"uplink": {"broker": "ssl://fleet.danang.example:8883", "format": "senml+cbor"},
                 "outbox": {"maxSize": "64MiB"}, "rules": {"deadbands": {"lake-1/ph": 0.1}}}""", OPERATOR);
        assertThat(k.status()).as(k.body()).isEqualTo(200);
        assertThat(k.json().path("version").asLong()).isEqualTo(1);
        assertThat(k.json().path("members").asInt()).isEqualTo(3);
        assertThat(putLayer("district:" + DISTRICT, "{\"outbox\": {\"maxSize\": \"128MiB\"}}", OPERATOR).status())
                .isEqualTo(200);
        assertThat(putLayer("tag:" + TAG, "{\"remoteConfig\": {\"healthWindow\": \"30s\"}}", OPERATOR).status())
                .isEqualTo(200);

        // the gateways' own documents have no uplink: the kind's layer gives it
        Answer p1 = putGateway(L1, own(L1, ""));
        assertThat(p1.status()).as(p1.body()).isEqualTo(200);
        assertThat(p1.json().path("site").path("uplink").path("broker").asText())
                .isEqualTo("ssl://fleet.danang.example:8883");
        assertThat(p1.json().path("layers")).extracting(JsonNode::asText)
                .containsExactly("kind:" + KIND + "@1", "district:" + DISTRICT + "@1");
        Answer p2 = putGateway(L2, own(L2, ", \"rules\": {\"deadbands\": {\"lake-1/ph\": 0.2}}"));
        assertThat(p2.status()).as(p2.body()).isEqualTo(200);

        JsonNode c2 = call("GET", "/api/v1/gateways/" + L2 + "/config", VIEWER, null).json().path("desired");
        assertThat(c2.path("site").path("outbox").path("maxSize").asText()).isEqualTo("128MiB");
        assertThat(c2.path("site").path("remoteConfig").path("healthWindow").asText()).isEqualTo("30s");
        assertThat(c2.path("site").path("rules").path("deadbands").path("lake-1/ph").asDouble()).isEqualTo(0.2);
        JsonNode origins = c2.path("origins");
        assertThat(origins.path("uplink.broker").asText()).isEqualTo(kind);
        assertThat(origins.path("outbox.maxSize").asText()).isEqualTo("district:" + DISTRICT);
        assertThat(origins.path("remoteConfig.healthWindow").asText()).isEqualTo("tag:" + TAG);
        assertThat(origins.path("rules.deadbands.lake-1/ph").asText()).isEqualTo("gateway");
        assertThat(origins.path("devices").asText()).isEqualTo("gateway");

        // layers that cannot be: refused by field, with the gateway they would break
        Answer devices = putLayer(kind, "{\"devices\": []}", OPERATOR);
        assertThat(devices.status()).isEqualTo(422);
        assertThat(devices.json().path("errors").get(0).path("field").asText()).isEqualTo("devices");
        Answer secret = putLayer(kind, "{\"uplink\": {\"broker\": \"tcp://x:1883\", \"password\": \"hush-71\"}}",
                OPERATOR);
        assertThat(secret.json().path("errors").get(0).path("field").asText()).isEqualTo("uplink.password");
        assertThat(secret.body()).doesNotContain("hush-71");
        Answer size = putLayer(kind, "{\"outbox\": {\"maxSize\": \"lots\"}}", OPERATOR);
        assertThat(size.json().path("errors").get(0).path("field").asText()).isEqualTo("outbox.maxSize");
        Answer band = putLayer(kind, "{\"uplink\": {\"broker\": \"tcp://x:1883\"}, "
                + "\"rules\": {\"deadbands\": {\"lake-1/wiper_fault\": 1}}}", OPERATOR);
        assertThat(band.status()).isEqualTo(422);
        assertThat(band.json().path("errors").get(0).path("field").asText()).isEqualTo("rules.deadbands.lake-1/wiper_fault");
        assertThat(band.json().path("errors").get(0).path("message").asText()).startsWith(L1 + ": ");
        Answer noUplink = putLayer(kind, "{\"outbox\": {\"maxSize\": \"64MiB\"}}", OPERATOR);
        assertThat(noUplink.status()).as("the gateways would lose their uplink").isEqualTo(422);
        assertThat(noUplink.json().path("errors")).extracting(e -> e.path("field").asText()).containsOnly("uplink");
        assertThat(putLayer(kind, "{\"outbox\": {\"maxSize\": \"32MiB\"}}", VIEWER).status()).isEqualTo(403);
        assertThat(call("GET", "/api/v1/config/layers/" + enc(kind), VIEWER, null).json().path("version").asLong())
                .isEqualTo(1);

        // a new version of the kind's layer reaches nobody until the push
        Answer k2 = call("PUT", "/api/v1/config/layers/" + enc(kind), OPERATOR, """
                {"document": {"uplink": {"broker": "ssl://fleet.danang.example:8883", "format": "senml+cbor",
                                         "rate": 100},
                              "outbox": {"maxSize": "64MiB"}, "rules": {"deadbands": {"lake-1/ph": 0.1}}},
                 "reason": "slower uplink", "expectedVersion": 1}""");
        assertThat(k2.status()).as(k2.body()).isEqualTo(200);
        assertThat(k2.json().path("version").asLong()).isEqualTo(2);
        assertThat(putLayer(kind, "{}", OPERATOR).status()).as("an empty kind layer takes the uplink away")
                .isEqualTo(422);
        JsonNode preview = call("GET", "/api/v1/gateways/" + L1 + "/config/effective", VIEWER, null).json();
        assertThat(preview.path("differs").asBoolean()).isTrue();
        assertThat(preview.path("basedOnVersion").asLong()).isEqualTo(1);
        assertThat(preview.path("site").path("uplink").path("rate").asInt()).isEqualTo(100);
        assertThat(call("GET", "/api/v1/gateways/" + L1 + "/config", VIEWER, null).json().path("desired")
                .path("version").asLong()).isEqualTo(1);
        JsonNode layerVersions = call("GET", "/api/v1/config/versions?group=" + enc(kind), VIEWER, null).json();
        assertThat(layerVersions.path("total").asLong()).isEqualTo(2);
        assertThat(layerVersions.path("items").get(0).path("reason").asText()).isEqualTo("slower uplink");

        // a push to the kind: a new version for L1 and L2, L3 has no document of its own
        assertThat(call("POST", "/api/v1/config/pushes", VIEWER, "{\"group\": \"" + kind + "\", \"reason\": \"x\"}")
                .status()).isEqualTo(403);
        Answer push = call("POST", "/api/v1/config/pushes", OPERATOR,
                "{\"group\": \"" + kind + "\", \"reason\": \"slower uplink for the lakes\"}");
        assertThat(push.status()).as(push.body()).isEqualTo(201);
        long pushId = push.json().path("id").asLong();
        JsonNode targets = push.json().path("gateways");
        assertThat(targets).extracting(t -> t.path("gateway").asText() + " " + t.path("outcome").asText())
                .containsExactly(L1 + " STORED", L2 + " STORED", L3 + " SKIPPED");
        assertThat(targets.get(0).path("version").asLong()).isEqualTo(2);

        Queue<Mqtt5Publish> desired = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = gateway(L1, desired);
        await().atMost(Duration.ofSeconds(10)).until(() -> !desired.isEmpty());
        DesiredConfig d = ConfigDocuments.readDesired(desired.poll().getPayloadAsBytes());
        assertThat(d.version()).isEqualTo(2);
        assertThat(d.reason()).contains("slower uplink for the lakes");
        assertThat(((Map<?, ?>) d.site().get("uplink")).get("rate")).isEqualTo(100);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(call("GET", "/api/v1/config/pushes/"
                + pushId, VIEWER, null).json().path("gateways").get(0).path("state").asText()).isEqualTo("PUBLISHED"));
        client.publishWith().topic(Topics.of(L1, TopicKind.CONFIG_REPORTED)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(ConfigDocuments.write(new ReportedConfig(L1, 2, ConfigStatus.APPLIED, List.of(), 2,
                        Instant.now()))).send();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode progress = call("GET", "/api/v1/config/pushes/" + pushId, VIEWER, null).json();
            assertThat(progress.path("gateways").get(0).path("state").asText()).isEqualTo("APPLIED");
            assertThat(progress.path("gateways").get(0).path("reported").path("status").asText()).isEqualTo("APPLIED");
            assertThat(progress.path("counts").path("APPLIED").asLong()).isEqualTo(1);
            assertThat(progress.path("counts").path("SKIPPED").asLong()).isEqualTo(1);
        });

        // the same push again changes nothing
        Answer again = call("POST", "/api/v1/config/pushes", OPERATOR,
                "{\"group\": \"" + kind + "\", \"reason\": \"again\"}");
        assertThat(again.json().path("gateways")).extracting(t -> t.path("outcome").asText())
                .containsExactly("UNCHANGED", "UNCHANGED", "SKIPPED");
        assertThat(again.json().path("gateways").get(0).path("state").asText()).isEqualTo("APPLIED");

        // a layer that went bad behind the checks' back (written straight into the table): the push refuses the
        // gateways it breaks, naming the layer the value came from
        jdbc.sql("INSERT INTO config_layer (scope, name, version, document, author, reason, created_at) "
                + "VALUES ('TAG', ?, 2, ?, 'test', 'bad', 0)").params(TAG, "{\"outbox\": {\"maxSize\": \"lots\"}}")
                .update();
        JsonNode refused = call("POST", "/api/v1/config/pushes", OPERATOR,
                "{\"group\": \"" + kind + "\", \"reason\": \"with a bad tag layer\"}").json();
        JsonNode r2 = refused.path("gateways").get(1);
        assertThat(r2.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(r2.path("errors").get(0).path("field").asText()).isEqualTo("outbox.maxSize");
        assertThat(r2.path("errors").get(0).path("message").asText()).contains("(value from layer tag:" + TAG + ")");
        assertThat(refused.path("gateways").get(0).path("outcome").asText()).isEqualTo("UNCHANGED");
        jdbc.sql("DELETE FROM config_layer WHERE scope = 'TAG' AND name = ? AND version = 2").param(TAG).update();

        // audited: the layer changes (stored and refused) and the pushes
        JsonNode layerAudit = call("GET", "/api/v1/audit?action=CONFIG_LAYER_CHANGED&actor=" + OPERATOR + "&size=100",
                OPERATOR, null).json();
        List<String> outcomes = new ArrayList<>();
        layerAudit.path("items").forEach(e -> outcomes.add(e.path("outcome").asText()));
        assertThat(outcomes).contains("STORED", "REFUSED");
        JsonNode pushAudit = call("GET", "/api/v1/audit?action=CONFIG_PUSHED&size=1", OPERATOR, null).json()
                .path("items").get(0);
        assertThat(pushAudit.path("details").path("group").asText()).isEqualTo(kind);
        assertThat(pushAudit.path("details").path("outcomes").path("REFUSED").asLong()).isEqualTo(1);
        JsonNode stored = call("GET", "/api/v1/audit?gateway=" + L1 + "&action=CONFIG_CHANGED&size=1", OPERATOR, null)
                .json().path("items").get(0);
        assertThat(stored.path("details").path("push").asLong()).isEqualTo(pushId);
    }
}
