package org.hanedge.fleet.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
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
 * Commands through the REST API on the real server (H2, embedded broker, HTTP): a Paho MQTT 5 client (the gateway's
 * MQTT library) plays a pump station's gateway and answers {@code cmd/write} like its output driver would, by the
 * wet well's level (interlock) or not at all.
 */
class CommandApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "command-test-password";
    private static final String OPERATOR = "cmd-operator";
    private static final String VIEWER = "cmd-viewer";
    private static final long TIMEOUT_MS = 10_000; // hanedge.fleet.commands.timeout's default
    private static int gatewayCounter;

    @LocalServerPort
    int port;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    OperatorService operators;
    @Autowired
    ProfileCatalog profiles;

    private final List<FakeGateway> gateways = new CopyOnWriteArrayList<>();

    record Answer(int status, JsonNode json) {
    }

    @BeforeEach
    void accounts() {
        for (Map.Entry<String, Role> a : Map.of(OPERATOR, Role.OPERATOR, VIEWER, Role.VIEWER).entrySet()) {
            if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(a.getKey()).query(Long.class)
                    .single() == 0) {
                operators.create(new CreateOperatorRequest(a.getKey(), null, a.getValue(), PASSWORD));
            }
        }
    }

    @AfterEach
    void disconnect() {
        gateways.forEach(FakeGateway::close);
    }

    /**
     * A pump station's gateway: registered, with an MQTT credential, connected with Paho, its birth announcing a
     * Modbus PLC and a GPIO relay board (both on profile pump-station), subscribed to its commands unless not.
     */
    private FakeGateway pumpStation(boolean subscribed) throws Exception {
        String id = "CMD-PS-" + (++gatewayCounter);
        registry.register(List.of(new Site(id, "pump-station", "Trạm bơm " + id, null, "Cam Le", 16.0, 108.2,
                "pump-station", null, List.of(), List.of("pump-station"))));
        FakeGateway gw = new FakeGateway(id, credentials.issueForGateway(id).password(), subscribed);
        gateways.add(gw);
        String version = profiles.profile("pump-station").orElseThrow().version();
        gw.birth("{\"ps-plc\":\"pump-station@" + version + "\",\"ps-io\":\"pump-station@" + version + "\"}");
        await("birth stored").atMost(Duration.ofSeconds(30)).until(() -> registry.get(id).online()
                && registry.get(id).devices().size() == 2);
        return gw;
    }

    private Answer call(String method, String path, String user, String body) throws Exception {
        HttpRequest r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json").header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .timeout(Duration.ofSeconds(60)).build();
        HttpResponse<String> a = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body().isEmpty() ? null : JSON.readTree(a.body()));
    }

    private Answer command(String gw, String user, String body) throws Exception {
        return call("POST", "/api/v1/gateways/" + gw + "/commands", user, body);
    }

    private static String write(String device, String channel, String value) {
        return "{\"device\":\"" + device + "\",\"channel\":\"" + channel + "\",\"value\":" + value + "}";
    }

    @Test
    void runningAPumpIsRefusedByTheInterlockAtALowWetWellAndDoneAtAHighOne() throws Exception {
        FakeGateway gw = pumpStation(true);
        gw.wetWellLevel = 0.31;
        Answer refused = command(gw.id, OPERATOR, "{\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,"
                + "\"reason\":\"storm: start pump 1 early\"}");
        assertThat(refused.status()).as("%s", refused.json()).isEqualTo(200);
        assertThat(refused.json().path("status").asText()).isEqualTo("REFUSED_INTERLOCK");
        assertThat(refused.json().path("answerReason").asText()).contains("wet_well_level is 0.31 m");
        assertThat(refused.json().path("operator").asText()).isEqualTo(OPERATOR);
        assertThat(refused.json().path("reason").asText()).isEqualTo("storm: start pump 1 early");
        assertThat(refused.json().path("value").asBoolean()).isTrue();
        // what went over the wire: cmd/write with the command id, as Correlation Data and in the body, the origin
        JsonNode sent = gw.requests.get(0);
        assertThat(sent.path("id").asText()).isEqualTo(refused.json().path("id").asText());
        assertThat(gw.correlations.get(0)).isEqualTo(refused.json().path("id").asText());
        assertThat(sent.path("origin").asText()).isEqualTo("server:" + OPERATOR);
        assertThat(sent.path("device").asText()).isEqualTo("ps-io");
        assertThat(gw.responseTopics.get(0)).isEqualTo(Topics.commandResponse(gw.id, "write"));

        gw.wetWellLevel = 2.4;
        Answer done = command(gw.id, OPERATOR, write("ps-io", "pump1_run", "true"));
        assertThat(done.status()).as("%s", done.json()).isEqualTo(200);
        assertThat(done.json().path("status").asText()).isEqualTo("DONE");
        assertThat(done.json().has("answerReason")).as("null fields are left out").isFalse();
        assertThat(done.json().path("answeredAt").asText()).isNotEmpty();
        assertThat(done.json().path("id").asText()).isNotEqualTo(refused.json().path("id").asText());
        assertThat(gw.requests).hasSize(2);

        // the command log, newest first, readable by viewers
        Answer log = call("GET", "/api/v1/gateways/" + gw.id + "/commands", VIEWER, null);
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.json().path("total").asLong()).isEqualTo(2);
        JsonNode items = log.json().path("items");
        assertThat(items.get(0).path("id").asText()).isEqualTo(done.json().path("id").asText());
        assertThat(items.get(0).path("status").asText()).isEqualTo("DONE");
        assertThat(items.get(1).path("status").asText()).isEqualTo("REFUSED_INTERLOCK");
        assertThat(items.get(1).path("answerReason").asText()).contains("dry-run protection");
        assertThat(items.get(1).path("reason").asText()).isEqualTo("storm: start pump 1 early");
        assertThat(items.get(1).path("device").asText()).isEqualTo("ps-io");
        assertThat(items.get(1).path("channel").asText()).isEqualTo("pump1_run");
        assertThat(items.get(1).path("gateway").asText()).isEqualTo(gw.id);
        assertThat(Instant.parse(items.get(1).path("sentAt").asText())).isBefore(Instant.now());
    }

    @Test
    void noAnswerIsTimedOutWithinTheBoundAndALateAnswerIsStillRecorded() throws Exception {
        FakeGateway gw = pumpStation(true);
        gw.silent = true;
        long t0 = System.nanoTime();
        Answer timedOut = command(gw.id, OPERATOR, write("ps-io", "pump2_run", "false"));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(timedOut.status()).as("%s", timedOut.json()).isEqualTo(504);
        assertThat(timedOut.json().path("status").asText()).isEqualTo("TIMED_OUT");
        assertThat(timedOut.json().path("detail").asText()).contains("may still run the command later");
        assertThat(timedOut.json().path("timedOutAt").asText()).isNotEmpty();
        assertThat(tookMs).as("answered at the bound").isBetween(TIMEOUT_MS - 100, TIMEOUT_MS + 5_000);
        assertThat(gw.requests).hasSize(1);

        // the gateway answers after all: recorded in the log, the time-out kept
        String id = timedOut.json().path("id").asText();
        gw.answer(gw.responseTopics.get(0), id, "DONE", null);
        await("late answer recorded").atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonNode first = call("GET", "/api/v1/gateways/" + gw.id + "/commands", VIEWER, null).json()
                    .path("items").get(0);
            assertThat(first.path("id").asText()).isEqualTo(id);
            assertThat(first.path("status").asText()).isEqualTo("DONE");
            assertThat(first.path("timedOutAt").asText()).isNotEmpty();
            assertThat(first.path("answeredAt").asText()).isNotEmpty();
        });
    }

    @Test
    void aViewerMayNotSendCommandsAndNothingIsSent() throws Exception {
        FakeGateway gw = pumpStation(true);
        Answer a = command(gw.id, VIEWER, write("ps-io", "pump1_run", "true"));
        assertThat(a.status()).isEqualTo(403);
        assertThat(a.json().path("detail").asText()).contains("not allowed for your role");
        assertThat(call("GET", "/api/v1/gateways/" + gw.id + "/commands", VIEWER, null).json().path("total")
                .asLong()).isZero();
        assertThat(gw.requests).isEmpty();
    }

    @Test
    void commandsThatDoNotFitTheGatewayOrItsProfileAreRefusedNamingTheField() throws Exception {
        FakeGateway gw = pumpStation(true);
        assertUnprocessable(command(gw.id, OPERATOR, write("ps-io", "pump9_run", "true")), "channel",
                "has no channel 'pump9_run' (its outputs: pump1_run, pump2_run, pump3_run)");
        assertUnprocessable(command(gw.id, OPERATOR, write("ps-plc", "wet_well_level", "true")), "channel",
                "'wet_well_level' is not a writable output of profile 'pump-station'");
        assertUnprocessable(command(gw.id, OPERATOR, write("ps-gps", "pump1_run", "true")), "device",
                "'ps-gps' is not a device of gateway '" + gw.id + "' (its devices: ps-io, ps-plc)");
        assertUnprocessable(command(gw.id, OPERATOR, write("ps-io", "pump1_run", "\"on\"")), "value",
                "value must be true or false, got \"on\"");
        assertUnprocessable(command(gw.id, OPERATOR, write("ps-io", "pump1_run", "1")), "value",
                "value must be true or false, got 1");
        Answer missing = command(gw.id, OPERATOR, "{\"device\":\"ps-io\",\"value\":true}");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("errors").get(0).path("field").asText()).isEqualTo("channel");
        assertThat(command("NO-SUCH-GW", OPERATOR, write("ps-io", "pump1_run", "true")).status()).isEqualTo(404);
        assertThat(gw.requests).as("nothing reached the gateway").isEmpty();
        assertThat(call("GET", "/api/v1/gateways/" + gw.id + "/commands", VIEWER, null).json().path("total")
                .asLong()).as("nothing recorded").isZero();
    }

    @Test
    void anOfflineGatewayIsRefusedAndOneNotSubscribedIsNotDelivered() throws Exception {
        FakeGateway deaf = pumpStation(false);
        Answer a = command(deaf.id, OPERATOR, write("ps-io", "pump1_run", "true"));
        assertThat(a.status()).as("%s", a.json()).isEqualTo(502);
        assertThat(a.json().path("status").asText()).isEqualTo("NOT_DELIVERED");
        assertThat(a.json().path("answerReason").asText()).contains("not connected");
        assertThat(call("GET", "/api/v1/gateways/" + deaf.id + "/commands", VIEWER, null).json().path("items").get(0)
                .path("status").asText()).isEqualTo("NOT_DELIVERED");

        deaf.close(); // its Last Will: offline
        await("offline").atMost(Duration.ofSeconds(30)).until(() -> !registry.get(deaf.id).online());
        Answer offline = command(deaf.id, OPERATOR, write("ps-io", "pump1_run", "true"));
        assertThat(offline.status()).isEqualTo(409);
        assertThat(offline.json().path("detail").asText()).contains("offline");
    }

    @Test
    void theEndpointsAreInTheOpenApiDocument() throws Exception {
        JsonNode path = call("GET", "/v3/api-docs", VIEWER, null).json().path("paths")
                .path("/api/v1/gateways/{id}/commands");
        assertThat(path.path("post").path("responses").has("504")).isTrue();
        assertThat(path.path("post").path("responses").has("422")).isTrue();
        assertThat(path.path("get").path("summary").asText()).contains("newest first");
    }

    private static void assertUnprocessable(Answer a, String field, String message) {
        assertThat(a.status()).as("%s", a.json()).isEqualTo(422);
        assertThat(a.json().path("title").asText()).isEqualTo("Unprocessable request");
        assertThat(a.json().path("detail").asText()).startsWith(field + ": ").contains(message);
        assertThat(a.json().path("errors").get(0).path("field").asText()).isEqualTo(field);
    }

    /** The gateway's side, with Paho: answers cmd/write as the GPIO driver would (interlock at 0.8 m). */
    static final class FakeGateway implements AutoCloseable {
        final String id;
        final MqttAsyncClient client;
        final List<JsonNode> requests = new CopyOnWriteArrayList<>();
        final List<String> correlations = new CopyOnWriteArrayList<>();
        final List<String> responseTopics = new CopyOnWriteArrayList<>();
        final Map<String, Boolean> outputs = new ConcurrentHashMap<>();
        volatile double wetWellLevel = 2.0;
        volatile boolean silent;

        FakeGateway(String id, String password, boolean subscribed) throws MqttException {
            this.id = id;
            client = new MqttAsyncClient("tcp://127.0.0.1:" + MQTT_PORT, id, new MemoryPersistence());
            client.setCallback(new MqttCallback() {
                @Override
                public void messageArrived(String topic, MqttMessage m) {
                    onCommand(topic, m);
                }

                @Override
                public void disconnected(MqttDisconnectResponse r) {
                }

                @Override
                public void mqttErrorOccurred(MqttException e) {
                }

                @Override
                public void deliveryComplete(IMqttToken t) {
                }

                @Override
                public void connectComplete(boolean reconnect, String uri) {
                }

                @Override
                public void authPacketArrived(int rc, MqttProperties p) {
                }
            });
            MqttConnectionOptions o = new MqttConnectionOptions();
            o.setCleanStart(true);
            o.setUserName(id);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
            o.setWill(Topics.of(id, TopicKind.STATE), new MqttMessage(("{\"online\":false,\"gateway\":\"" + id
                    + "\"}").getBytes(StandardCharsets.UTF_8), 1, true, new MqttProperties()));
            client.connect(o).waitForCompletion(10_000);
            if (subscribed) {
                client.subscribe(Topics.filter(id, TopicKind.COMMAND), 1).waitForCompletion(10_000);
            }
        }

        void birth(String devices) throws MqttException {
            String now = Instant.now().toString();
            byte[] doc = ("{\"online\":true,\"gateway\":\"" + id + "\",\"firmware\":\"0.1.0-test\",\"started\":\""
                    + now + "\",\"connected\":\"" + now + "\",\"devices\":" + devices + "}")
                    .getBytes(StandardCharsets.UTF_8);
            client.publish(Topics.of(id, TopicKind.STATE), new MqttMessage(doc, 1, true, new MqttProperties()))
                    .waitForCompletion(10_000);
        }

        private void onCommand(String topic, MqttMessage m) {
            try {
                JsonNode req = JSON.readTree(m.getPayload());
                MqttProperties p = m.getProperties();
                requests.add(req);
                correlations.add(new String(p.getCorrelationData(), StandardCharsets.UTF_8));
                responseTopics.add(p.getResponseTopic());
                if (silent) {
                    return;
                }
                String channel = req.path("channel").asText();
                boolean on = req.path("value").asBoolean();
                if (on && wetWellLevel < 0.8) {
                    answer(p.getResponseTopic(), req.path("id").asText(), "REFUSED_INTERLOCK",
                            "interlock 'dry-run protection' (" + channel + " needs wet_well_level >= 0.8):"
                                    + " wet_well_level is " + wetWellLevel + " m");
                } else {
                    outputs.put(channel, on);
                    answer(p.getResponseTopic(), req.path("id").asText(), "DONE", null);
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        /** Publishes an answer as the gateway's uplink does (not waiting: this may run on Paho's callback thread). */
        void answer(String responseTopic, String commandId, String status, String reason) throws Exception {
            var doc = JSON.createObjectNode().put("status", status).put("reason", reason).put("id", commandId)
                    .put("time", Instant.now().toString());
            MqttProperties p = new MqttProperties();
            p.setCorrelationData(commandId.getBytes(StandardCharsets.UTF_8));
            p.setContentType("application/json");
            client.publish(responseTopic, new MqttMessage(JSON.writeValueAsBytes(doc), 1, false, p));
        }

        @Override
        public void close() {
            try {
                if (client.isConnected()) {
                    client.disconnectForcibly(0, 1000, false); // no DISCONNECT packet: the broker sends the Will
                }
                client.close(true);
            } catch (MqttException e) {
                // gone already
            }
        }
    }
}
