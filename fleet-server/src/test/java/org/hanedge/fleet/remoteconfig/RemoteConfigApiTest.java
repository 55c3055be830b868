package org.hanedge.fleet.remoteconfig;

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
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
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
 * Remote configuration on the whole server (real H2 file database, the embedded broker with its ACLs, HTTP): real
 * MQTT 5 gateway clients with their own credentials receive the retained desired document and publish their
 * reports; operators and viewers call the API with Basic authentication.
 */
class RemoteConfigApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "remote-config-test-password";
    private static final String OPERATOR = "rc-operator";
    private static final String VIEWER = "rc-viewer";

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
    ReportIntake intake;
    @Autowired
    ConfigChannel channel;

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    record Answer(int status, String contentType, String body, JsonNode json) {
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
        clients.stream().filter(c -> c.getState().isConnected()).forEach(Mqtt5BlockingClient::disconnect);
    }

    private void register(String gw) {
        jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES (?, 'lake', ?, 0)").params(gw, gw).update();
    }

    private Answer call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            r.header("Content-Type", "application/json");
        }
        if (user != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.headers().firstValue("Content-Type").orElse(""), a.body(),
                a.body().isEmpty() ? null : json.readTree(a.body()));
    }

    /** A lake buoy's site document (docs/remote-config.md) as JSON, with the given unit id and extra uplink JSON. */
    private static String site(String gw, String unitId, String uplinkExtra, String deadbands) {
        return """
                {"gateway": {"id": "%s"}, "profiles": "profiles",
                 "devices": [{"id": "lake-1", "profile": "lake",
                              "modbus": {"transport": "tcp", "host": "192.168.10.20", "port": 502, "unitId": %s}}],
                 "uplink": {"broker": "ssl://fleet.danang.example:8883", "format": "senml+cbor"%s},
                 "rules": {"deadbands": {%s}},
                 "remoteConfig": {"healthWindow": "60s"}}""".formatted(gw, unitId, uplinkExtra, deadbands);
    }

    private static String good(String gw) {
        return site(gw, "1", "", "\"lake-1/ph\": 0.05");
    }

    private static String put(String site, String reason, String more) {
        return "{\"site\": " + site + ", \"reason\": \"" + reason + "\"" + more + "}";
    }

    private Answer putConfig(String gw, String site, String more) throws Exception {
        return call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR, put(site, "test", more));
    }

    /** A gateway's MQTT client with its own credential, collecting what arrives on its config/desired. */
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

    private static void report(Mqtt5BlockingClient c, ReportedConfig r) {
        c.publishWith().topic(Topics.of(r.gateway(), TopicKind.CONFIG_REPORTED)).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).payload(ConfigDocuments.write(r)).send();
    }

    private long versions(String gw) {
        return jdbc.sql("SELECT COUNT(*) FROM config_version WHERE gateway_id = ?").param(gw).query(Long.class)
                .single();
    }

    private long reports(String gw) {
        return jdbc.sql("SELECT COUNT(*) FROM config_report WHERE gateway_id = ?").param(gw).query(Long.class)
                .single();
    }

    /** The outcomes of the gateway's audit entries of one action, oldest first. */
    private List<String> audit(String gw, String action) throws Exception {
        JsonNode page = call("GET", "/api/v1/audit?gateway=" + gw + "&action=" + action + "&size=500", OPERATOR, null)
                .json();
        List<String> outcomes = new ArrayList<>();
        page.path("items").forEach(e -> outcomes.add(0, e.path("outcome").asText()));
        return outcomes;
    }

    private List<String> deadLetters(String gw) {
        return jdbc.sql("SELECT reason FROM dead_letter WHERE gateway_id = ? AND topic = ? ORDER BY id")
                .params(gw, Topics.of(gw, TopicKind.CONFIG_REPORTED)).query(String.class).list();
    }

    @Test
    void aStoredVersionWaitsRetainedForAGatewayThatConnectsLaterAndItsReportsDecideInSync() throws Exception {
        String gw = "RC-GW-1";
        register(gw);
        Answer put = call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR,
                put(good(gw), "ph deadband for the algae season", ""));
        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("version").asLong()).isEqualTo(1);
        assertThat(put.json().path("author").asText()).isEqualTo(OPERATOR);
        assertThat(put.json().path("reason").asText()).isEqualTo("ph deadband for the algae season");
        assertThat(Instant.parse(put.json().path("publishedAt").asText()))
                .isAfterOrEqualTo(Instant.parse(put.json().path("time").asText()));
        assertThat(put.json().path("profileVersions").path("lake").asText()).isEqualTo("1.1.0");
        assertThat(put.json().path("site").path("devices").get(0).path("modbus").path("unitId").asInt()).isEqualTo(1);

        // the gateway connects only now: the broker hands it the retained document
        Queue<Mqtt5Publish> desired = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient client = gateway(gw, desired);
        await().atMost(Duration.ofSeconds(10)).until(() -> !desired.isEmpty());
        Mqtt5Publish p = desired.poll();
        assertThat(p.isRetain()).isTrue();
        assertThat(p.getQos()).isEqualTo(MqttQos.AT_LEAST_ONCE);
        DesiredConfig d = ConfigDocuments.readDesired(p.getPayloadAsBytes());
        assertThat(d.version()).isEqualTo(1);
        assertThat(d.author()).isEqualTo(OPERATOR);
        assertThat(d.profileVersions()).containsEntry("lake", "1.1.0");
        assertThat(d.site().get("gateway")).isEqualTo(java.util.Map.of("id", gw));
        assertThat(d.site().get("rules")).isEqualTo(java.util.Map.of("deadbands", java.util.Map.of("lake-1/ph", 0.05)));

        JsonNode state = call("GET", "/api/v1/gateways/" + gw + "/config", VIEWER, null).json();
        assertThat(state.path("desired").path("version").asLong()).isEqualTo(1);
        assertThat(state.path("reported").isMissingNode()).isTrue();
        assertThat(state.path("inSync").asBoolean()).isFalse();

        Instant t = Instant.parse("2026-12-01T04:00:00Z");
        report(client, new ReportedConfig(gw, 1, ConfigStatus.APPLYING, List.of(), 0, t));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(call("GET", "/api/v1/gateways/" + gw
                + "/config", VIEWER, null).json().path("reported").path("status").asText()).isEqualTo("APPLYING"));
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config", VIEWER, null).json().path("inSync").asBoolean())
                .isFalse();
        report(client, new ReportedConfig(gw, 1, ConfigStatus.APPLIED, List.of(), 1, t.plusSeconds(60)));
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(call("GET", "/api/v1/gateways/" + gw
                + "/config", VIEWER, null).json().path("inSync").asBoolean()).isTrue());
        JsonNode reported = call("GET", "/api/v1/gateways/" + gw + "/config", VIEWER, null).json().path("reported");
        assertThat(reported.path("version").asLong()).isEqualTo(1);
        assertThat(reported.path("lastGood").asLong()).isEqualTo(1);
        assertThat(reported.path("time").asText()).isEqualTo("2026-12-01T04:01:00Z");

        // the same report again (as on every connect) is not stored twice; reports are handled in order, so once
        // the drift after it is stored, the repeat has been handled
        report(client, new ReportedConfig(gw, 1, ConfigStatus.APPLIED, List.of(), 1, t.plusSeconds(60)));
        report(client, new ReportedConfig(gw, 1, ConfigStatus.DRIFT, List.of(new ConfigError("devices[0].modbus.unitId",
                "edited in the site file (1 -> 2); not applied: version 1 has 1")), 1, t.plusSeconds(120)));
        await().atMost(Duration.ofSeconds(10)).until(() -> reports(gw) == 3);
        JsonNode history = call("GET", "/api/v1/gateways/" + gw + "/config/reports?size=2", VIEWER, null).json();
        assertThat(history.path("total").asLong()).isEqualTo(3);
        assertThat(history.path("items").get(0).path("status").asText()).isEqualTo("DRIFT");
        assertThat(history.path("items").get(0).path("errors").get(0).path("path").asText())
                .isEqualTo("devices[0].modbus.unitId");
        assertThat(history.path("items").get(1).path("status").asText()).isEqualTo("APPLIED");
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config", VIEWER, null).json().path("inSync").asBoolean())
                .as("drift: the gateway does not run the pushed document as it is").isFalse();

        // audited: the change with its author and reason, the publish, each stored report (not the repeat)
        JsonNode changed = call("GET", "/api/v1/audit?gateway=" + gw + "&action=CONFIG_CHANGED", OPERATOR, null).json()
                .path("items").get(0);
        assertThat(changed.path("actor").asText()).isEqualTo(OPERATOR);
        assertThat(changed.path("outcome").asText()).isEqualTo("STORED");
        assertThat(changed.path("details").path("version").asLong()).isEqualTo(1);
        assertThat(changed.path("details").path("reason").asText()).isEqualTo("ph deadband for the algae season");
        assertThat(audit(gw, "CONFIG_PUBLISHED")).containsExactly("PUBLISHED");
        assertThat(audit(gw, "CONFIG_REPORTED")).containsExactly("APPLYING", "APPLIED", "DRIFT");
        JsonNode reportedEntry = call("GET", "/api/v1/audit?gateway=" + gw + "&action=CONFIG_REPORTED&size=1",
                OPERATOR, null).json().path("items").get(0);
        assertThat(reportedEntry.path("actor").asText()).isEqualTo("gateway:" + gw);
        assertThat(reportedEntry.path("details").path("errors").get(0).asText()).startsWith("devices[0].modbus.unitId");
    }

    @Test
    void aRefusedDocumentIs422NamingTheFieldAndNothingIsStoredOrPublished() throws Exception {
        String gw = "RC-GW-2";
        register(gw);
        assertThat(putConfig(gw, good(gw), "").status()).isEqualTo(200);

        Answer unit = putConfig(gw, site(gw, "300", "", ""), "");
        assertThat(unit.status()).as(unit.body()).isEqualTo(422);
        assertThat(unit.contentType()).startsWith("application/problem+json");
        assertThat(unit.json().path("title").asText()).isEqualTo("Configuration refused");
        assertThat(unit.json().path("errors").get(0).path("field").asText()).isEqualTo("devices[0].modbus.unitId");
        assertThat(unit.json().path("detail").asText()).contains("devices[0].modbus.unitId").contains("300");

        Answer secret = putConfig(gw, site(gw, "1", ", \"password\": \"never-echo-this-9f3\"", ""), "");
        assertThat(secret.status()).isEqualTo(422);
        assertThat(secret.json().path("errors").get(0).path("field").asText()).isEqualTo("uplink.password");
        assertThat(secret.body()).doesNotContain("never-echo-this-9f3");
        Answer tls = putConfig(gw, site(gw, "1", ", \"tls\": {\"ca\": \"ca.pem\"}", ""), "");
        assertThat(tls.json().path("errors").get(0).path("field").asText()).isEqualTo("uplink.tls");

        Answer band = putConfig(gw, site(gw, "1", "", "\"lake-1/wiper_fault\": 1"), "");
        assertThat(band.status()).isEqualTo(422);
        assertThat(band.json().path("errors").get(0).path("field").asText())
                .isEqualTo("rules.deadbands.lake-1/wiper_fault");
        assertThat(band.json().path("errors").get(0).path("message").asText()).contains("not a number");
        Answer channel = putConfig(gw, site(gw, "1", "", "\"lake-1/salinity\": 1"), "");
        assertThat(channel.json().path("errors").get(0).path("message").asText()).contains("no channel 'salinity'");

        Answer profile = putConfig(gw, good(gw).replace("\"profile\": \"lake\"", "\"profile\": \"lagoon\""), "");
        assertThat(profile.status()).isEqualTo(422);
        assertThat(profile.json().path("errors").get(0).path("field").asText()).isEqualTo("devices[0].profile");
        Answer version = putConfig(gw, good(gw), ", \"profileVersions\": {\"lake\": \"0.9.0\"}");
        assertThat(version.json().path("errors").get(0).path("field").asText()).isEqualTo("profileVersions.lake");

        Answer other = putConfig(gw, good("RC-GW-OTHER"), "");
        assertThat(other.json().path("errors").get(0).path("field").asText()).isEqualTo("gateway.id");
        Answer noUplink = putConfig(gw, "{\"gateway\": {\"id\": \"" + gw + "\"}}", "");
        assertThat(noUplink.json().path("errors").get(0).path("field").asText()).isEqualTo("uplink");

        assertThat(versions(gw)).isEqualTo(1);
        List<String> nineRefused = java.util.Collections.nCopies(9, "REFUSED");
        assertThat(audit(gw, "CONFIG_CHANGED")).first().isEqualTo("STORED");
        assertThat(audit(gw, "CONFIG_CHANGED").subList(1, 10)).isEqualTo(nineRefused);
        Answer refusedEntries = call("GET", "/api/v1/audit?gateway=" + gw + "&action=CONFIG_CHANGED", OPERATOR, null);
        assertThat(refusedEntries.body()).contains("devices[0].modbus.unitId").doesNotContain("never-echo-this-9f3");
        // what the broker holds for the gateway is still version 1
        Queue<Mqtt5Publish> desired = new ConcurrentLinkedQueue<>();
        gateway(gw, desired);
        await().atMost(Duration.ofSeconds(10)).until(() -> !desired.isEmpty());
        assertThat(ConfigDocuments.readDesired(desired.poll().getPayloadAsBytes()).version()).isEqualTo(1);
    }

    @Test
    void rolesExpectedVersionsAndTheVersionList() throws Exception {
        String gw = "RC-GW-3";
        register(gw);
        Answer viewer = call("PUT", "/api/v1/gateways/" + gw + "/config", VIEWER, put(good(gw), "x", ""));
        assertThat(viewer.status()).isEqualTo(403);
        assertThat(call("PUT", "/api/v1/gateways/" + gw + "/config", null, put(good(gw), "x", "")).status())
                .isEqualTo(401);
        assertThat(versions(gw)).isZero();
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config", VIEWER, null).status()).isEqualTo(200);

        assertThat(putConfig(gw, good(gw), ", \"expectedVersion\": 0").status()).isEqualTo(200);
        Answer stale = putConfig(gw, good(gw), ", \"expectedVersion\": 0");
        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.json().path("detail").asText()).contains("which is 1");
        assertThat(putConfig(gw, site(gw, "2", "", ""), ", \"expectedVersion\": 1").status()).isEqualTo(200);
        assertThat(versions(gw)).isEqualTo(2);
        assertThat(audit(gw, "CONFIG_CHANGED")).containsExactly("STORED", "CONFLICT", "STORED");

        Answer noReason = call("PUT", "/api/v1/gateways/" + gw + "/config", OPERATOR, "{\"site\": " + good(gw) + "}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().path("errors").get(0).path("field").asText()).isEqualTo("reason");
        assertThat(call("PUT", "/api/v1/gateways/RC-NOBODY/config", OPERATOR, put(good("RC-NOBODY"), "x", ""))
                .status()).isEqualTo(404);

        JsonNode page = call("GET", "/api/v1/config/versions?gateway=" + gw + "&size=1", VIEWER, null).json();
        assertThat(page.path("total").asLong()).isEqualTo(2);
        assertThat(page.path("items")).hasSize(1);
        assertThat(page.path("items").get(0).path("version").asLong()).isEqualTo(2);
        assertThat(page.path("items").get(0).path("site").isMissingNode()).isTrue();
        JsonNode withDocs = call("GET", "/api/v1/config/versions?gateway=" + gw + "&page=1&size=1&documents=true",
                VIEWER, null).json();
        assertThat(withDocs.path("items").get(0).path("version").asLong()).isEqualTo(1);
        assertThat(withDocs.path("items").get(0).path("site").path("devices").get(0).path("modbus").path("unitId")
                .asInt()).isEqualTo(1);
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config/versions/2", VIEWER, null).json().path("site")
                .path("devices").get(0).path("modbus").path("unitId").asInt()).isEqualTo(2);
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config/versions/9", VIEWER, null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/v1/config/versions", VIEWER, null).status()).isEqualTo(400);
    }

    @Test
    void aVersionTheBrokerHasNotAcknowledgedIsPublishedByTheRetry() throws Exception {
        String gw = "RC-GW-6";
        register(gw);
        assertThat(putConfig(gw, good(gw), "").status()).isEqualTo(200);
        // as if the publish of version 2 had failed (the broker away): stored, never acknowledged
        String v1 = jdbc.sql("SELECT document FROM config_version WHERE gateway_id = ? AND version = 1").param(gw)
                .query(String.class).single();
        DesiredConfig d1 = ConfigDocuments.readDesired(v1.getBytes(StandardCharsets.UTF_8));
        String v2 = new String(ConfigDocuments.write(new DesiredConfig(2, d1.site(), d1.profileVersions(), "test",
                "unpublished", Instant.now())), StandardCharsets.UTF_8);
        jdbc.sql("INSERT INTO config_version (gateway_id, version, document, author, reason, created_at) "
                + "VALUES (?, 2, ?, 'test', 'unpublished', 0)").params(gw, v2).update();
        assertThat(call("GET", "/api/v1/gateways/" + gw + "/config", VIEWER, null).json().path("desired")
                .path("publishedAt").isMissingNode()).isTrue();

        channel.retryUnpublished(); // what the server does every 30 s
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(call("GET", "/api/v1/gateways/" + gw
                + "/config", VIEWER, null).json().path("desired").path("publishedAt").isTextual()).isTrue());
        Queue<Mqtt5Publish> desired = new ConcurrentLinkedQueue<>();
        gateway(gw, desired);
        await().atMost(Duration.ofSeconds(10)).until(() -> !desired.isEmpty());
        assertThat(ConfigDocuments.readDesired(desired.poll().getPayloadAsBytes()).version()).isEqualTo(2);
        assertThat(audit(gw, "CONFIG_PUBLISHED")).containsExactly("PUBLISHED", "PUBLISHED");
    }

    @Test
    void versionsContinueAboveWhatTheGatewayReports() throws Exception {
        String gw = "RC-GW-4";
        register(gw);
        // a gateway that ran version 7 of a server that lost its versions
        Mqtt5BlockingClient client = gateway(gw, new ConcurrentLinkedQueue<>());
        report(client, new ReportedConfig(gw, 7, ConfigStatus.APPLIED, List.of(), 7, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> reports(gw) == 1);
        Answer put = putConfig(gw, good(gw), "");
        assertThat(put.json().path("version").asLong()).isEqualTo(8);
    }

    @Test
    void unusableReportsAreDeadLettersAndTheChannelGoesOn() throws Exception {
        String gw = "RC-GW-5";
        register(gw);
        Mqtt5BlockingClient client = gateway(gw, new ConcurrentLinkedQueue<>());
        String topic = Topics.of(gw, TopicKind.CONFIG_REPORTED);
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("not json".getBytes(StandardCharsets.UTF_8))
                .send();
        client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(ConfigDocuments.write(new ReportedConfig("RC-GW-OTHER", 1, ConfigStatus.APPLIED, List.of(), 1,
                        Instant.now()))).send();
        report(client, new ReportedConfig(gw, 1, ConfigStatus.REJECTED, List.of(new ConfigError("devices[0].modbus"
                + ".unitId", "must be an integer from 1 to 247, not '300'")), 0, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> reports(gw) == 1);
        assertThat(deadLetters(gw)).containsExactly("BAD_EVENT", "BAD_EVENT");
        assertThat(jdbc.sql("SELECT detail FROM dead_letter WHERE gateway_id = ? AND topic = ? ORDER BY id")
                .params(gw, topic).query(String.class).list().get(1)).contains("RC-GW-OTHER");

        // a gateway the registry does not know (the broker's ACL keeps gateways on their own topics, so this
        // enters where the subscription hands reports over)
        String unknown = "RC-UNKNOWN";
        assertThat(intake.accept(Topics.of(unknown, TopicKind.CONFIG_REPORTED), ConfigDocuments.write(
                new ReportedConfig(unknown, 1, ConfigStatus.APPLIED, List.of(), 1, Instant.now())),
                System.currentTimeMillis())).isEmpty();
        assertThat(deadLetters(unknown)).containsExactly("UNKNOWN_GATEWAY");
        assertThat(intake.accept(topic, new byte[0], System.currentTimeMillis())).isEmpty();
        JsonNode listed = call("GET", "/api/v1/dead-letters?gateway=" + gw, VIEWER, null).json();
        assertThat(listed.path("items").get(0).path("replayable").asBoolean()).isFalse();
    }
}
