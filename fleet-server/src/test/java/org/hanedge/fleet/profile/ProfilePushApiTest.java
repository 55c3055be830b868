package org.hanedge.fleet.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ProfileDocument;
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
 * Pushing a profile version to a group (the whole server: H2 file database, embedded broker, a real MQTT 5 gateway
 * client): a kind layer states {@code profileVersions}, the push stores a version whose desired document carries the
 * profile from the library (version, sha-256, the YAML as uploaded), retained on the gateway's config/desired; a
 * version the library does not have is refused; a document over 256 KiB is refused naming {@code profiles}.
 * Profile ids and kinds of its own (the server is shared).
 */
class ProfilePushApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "profile-push-test-password";
    private static final String OPERATOR = "pp-operator";

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
    void accounts() {
        if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(OPERATOR).query(Long.class)
                .single() == 0) {
            operators.create(new CreateOperatorRequest(OPERATOR, null, Role.OPERATOR, PASSWORD));
        }
    }

    @AfterEach
    void disconnect() {
        clients.stream().filter(c -> c.getState().isConnected()).forEach(Mqtt5BlockingClient::disconnect);
    }

    private Answer call(String method, String path, String body, String contentType) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((OPERATOR + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            r.header("Content-Type", contentType);
        }
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(a.statusCode(), a.body(), a.body().isEmpty() ? null : json.readTree(a.body()));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String lakeAs(String id, String version, String comment) throws Exception {
        String lake = Files.readString(projectPath("device-profiles/lake.yaml"), StandardCharsets.UTF_8);
        return comment + lake.replaceFirst("(?m)^profile: lake$", "profile: " + id)
                .replaceFirst("(?m)^version: 1\\.1\\.0$", "version: " + version);
    }

    private void upload(String yaml) throws Exception {
        Answer a = call("POST", "/api/v1/profiles", yaml, "application/yaml");
        assertThat(a.status()).as(a.body()).isIn(200, 201);
    }

    private void register(String gw, String kind) throws Exception {
        jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES (?, ?, ?, 0)").params(gw, kind, gw).update();
    }

    private Answer putOwn(String gw, String profile) throws Exception {
        String site = "{\"gateway\": {\"id\": \"" + gw + "\"}, \"devices\": [{\"id\": \"buoy\", \"profile\": \""
                + profile + "\", \"modbus\": {\"transport\": \"tcp\", \"host\": \"10.0.0.5\", \"port\": 502}}],"
                + " \"uplink\": {\"broker\": \"tcp://fleet.invalid:1883\"}}";
        return call("PUT", "/api/v1/gateways/" + gw + "/config", "{\"site\": " + site + ", \"reason\": \"own\"}",
                "application/json");
    }

    private Answer putLayer(String group, String document) throws Exception {
        return call("PUT", "/api/v1/config/layers/" + enc(group), "{\"document\": " + document
                + ", \"reason\": \"profile push test\"}", "application/json");
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

    private DesiredConfig stored(String gw, long version) throws Exception {
        String doc = jdbc.sql("SELECT document FROM config_version WHERE gateway_id = ? AND version = ?")
                .params(gw, version).query(String.class).single();
        return ConfigDocuments.readDesired(doc.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aKindLayerPushesALibraryVersionWithItsDocument() throws Exception {
        String v1 = lakeAs("pp-lake", "1.0.0", "");
        String v2 = lakeAs("pp-lake", "1.2.0", "# a new scale for the level sensor\n");
        upload(v1);
        upload(v2);
        register("pp-gw-1", "pp-kind");
        Answer own = putOwn("pp-gw-1", "pp-lake");
        assertThat(own.status()).as(own.body()).isEqualTo(200);
        assertThat(own.json().at("/profileVersions/pp-lake").asText()).as("no birth yet: the catalog's newest")
                .isEqualTo("1.2.0");
        assertThat(stored("pp-gw-1", own.json().get("version").asLong()).profiles()).as("nothing pushed, nothing "
                + "carried").isEmpty();
        // a gateway whose birth announced 1.0.0 gets the version it runs as the default
        register("pp-gw-2", "pp-other-kind");
        jdbc.sql("INSERT INTO gateway_device (gateway_id, device_id, profile_id, profile_version)"
                + " VALUES ('pp-gw-2', 'buoy', 'pp-lake', '1.0.0')").update();
        Answer running = putOwn("pp-gw-2", "pp-lake");
        assertThat(running.status()).as(running.body()).isEqualTo(200);
        assertThat(running.json().at("/profileVersions/pp-lake").asText()).isEqualTo("1.0.0");

        Answer unknown = putLayer("kind:pp-kind", "{\"profileVersions\": {\"pp-lake\": \"9.9.9\"}}");
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.json().at("/errors/0/field").asText()).isEqualTo("profileVersions.pp-lake");
        assertThat(unknown.json().at("/errors/0/message").asText()).contains("1.0.0, 1.2.0").contains("9.9.9");
        Answer notAMap = putLayer("kind:pp-kind", "{\"profileVersions\": \"1.0.0\"}");
        assertThat(notAMap.status()).isEqualTo(422);

        Answer layer = putLayer("kind:pp-kind", "{\"profileVersions\": {\"pp-lake\": \"1.0.0\"}}");
        assertThat(layer.status()).as(layer.body()).isEqualTo(200);
        Answer push = call("POST", "/api/v1/config/pushes", "{\"group\": \"kind:pp-kind\", \"reason\": \"back to "
                + "1.0.0\"}", "application/json");
        assertThat(push.status()).as(push.body()).isEqualTo(201);
        assertThat(push.json().at("/gateways/0/outcome").asText()).isEqualTo("STORED");
        long version = push.json().at("/gateways/0/version").asLong();

        Queue<Mqtt5Publish> desired = new ConcurrentLinkedQueue<>();
        gateway("pp-gw-1", desired);
        await().atMost(Duration.ofSeconds(10)).until(() -> desired.stream().anyMatch(p -> {
            try {
                return ConfigDocuments.readDesired(p.getPayloadAsBytes()).version() == version;
            } catch (Exception e) {
                return false;
            }
        }));
        DesiredConfig d = null;
        for (Mqtt5Publish p : desired) {
            DesiredConfig x = ConfigDocuments.readDesired(p.getPayloadAsBytes());
            if (x.version() == version) {
                d = x;
            }
        }
        assertThat(d.profileVersions()).containsEntry("pp-lake", "1.0.0");
        assertThat(d.site()).doesNotContainKey("profileVersions");
        ProfileDocument doc = d.profiles().get("pp-lake");
        assertThat(doc.version()).isEqualTo("1.0.0");
        assertThat(doc.yaml()).isEqualTo(v1);
        assertThat(doc.sha256()).isEqualTo(ProfileText.sha256(v1));

        Answer again = call("POST", "/api/v1/config/pushes", "{\"group\": \"kind:pp-kind\", \"reason\": \"again\"}",
                "application/json");
        assertThat(again.json().at("/gateways/0/outcome").asText()).isEqualTo("UNCHANGED");

        // a gateway's own change keeps the layer's version and its document
        Answer own2 = putOwn("pp-gw-1", "pp-lake");
        assertThat(own2.status()).as(own2.body()).isEqualTo(200);
        assertThat(own2.json().at("/profileVersions/pp-lake").asText()).isEqualTo("1.0.0");
        assertThat(stored("pp-gw-1", own2.json().get("version").asLong()).profiles().get("pp-lake").sha256())
                .isEqualTo(ProfileText.sha256(v1));
        JsonNode v = call("GET", "/api/v1/gateways/pp-gw-1/config/versions/" + own2.json().get("version").asLong(),
                null, null).json();
        assertThat(v.at("/origins/profileVersions.pp-lake").asText()).as(v.toString()).isEqualTo("kind:pp-kind");
    }

    @Test
    void aDocumentLargerThanAGatewayReadsIsRefusedNamingTheProfiles() throws Exception {
        String pad = ("# " + "x".repeat(98) + "\n").repeat(1400); // 140 000 characters of comment per profile
        upload(lakeAs("pp-big-a", "1.0.0", pad));
        upload(lakeAs("pp-big-b", "1.0.0", pad));
        register("pp-gw-big", "pp-big-kind");
        assertThat(putOwn("pp-gw-big", "pp-big-a").status()).isEqualTo(200);
        Answer layer = putLayer("kind:pp-big-kind", "{\"profileVersions\": {\"pp-big-a\": \"1.0.0\", "
                + "\"pp-big-b\": \"1.0.0\"}}");
        assertThat(layer.status()).as(layer.body()).isEqualTo(200);
        Answer refused = putOwn("pp-gw-big", "pp-big-a");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().at("/errors/0/field").asText()).isEqualTo("profiles");
        assertThat(refused.json().at("/errors/0/message").asText()).contains("more than a gateway reads (262144)");
        Answer push = call("POST", "/api/v1/config/pushes", "{\"group\": \"kind:pp-big-kind\", \"reason\": \"big\"}",
                "application/json");
        assertThat(push.json().at("/gateways/0/outcome").asText()).isEqualTo("REFUSED");
    }
}
