package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hanedge.fleet.broker.MqttTestClients.connect;
import static org.hanedge.fleet.broker.MqttTestClients.publish;
import static org.hanedge.fleet.broker.MqttTestClients.refusal;
import static org.hanedge.fleet.broker.MqttTestClients.subscribe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.broker.MqttTestClients.Received;
import org.hanedge.fleet.credential.IssuedCredential;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import io.micrometer.core.instrument.MeterRegistry;

/** The embedded broker's authentication and ACLs, with real MQTT clients against the running server. */
class BrokerAclTest extends FleetServerTest {
    private static final String GW1 = "ACL-GW-1";
    private static final String GW2 = "ACL-GW-2";
    private static final String GW1_TELEMETRY = Topics.of(GW1, TopicKind.TELEMETRY);
    private static final String GW2_TELEMETRY = Topics.of(GW2, TopicKind.TELEMETRY);
    private static final String GW1_WRITE = Topics.command(GW1, "write");
    private static final String GW1_WRITE_ANSWER = Topics.commandResponse(GW1, "write");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    ServerMqttAccess access;
    @Autowired
    MeterRegistry meters;

    private final List<Received> clients = new ArrayList<>();
    private Received server;

    @BeforeEach
    void gatewaysAndServerSubscriber() {
        for (String id : List.of(GW1, GW2)) {
            if (jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(id).query(Long.class).single() == 0) {
                jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES (?, 'lake', ?, 0)").params(id, id).update();
            }
        }
        MqttEndpoint e = access.endpoint();
        server = track(connect("hanedge-server-acl-test", e.username(), e.password(), e.port()));
        assertThat(subscribe(server.client(), Topics.filterAll())).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Received::disconnect);
    }

    @Test
    void aGatewayPublishesUnderItsOwnRootOnly() {
        IssuedCredential c = credentials.issueForGateway(GW1);
        Received gw = track(connect(GW1, GW1, c.password(), MQTT_PORT));

        assertThat(publish(gw.client(), GW1_TELEMETRY, "t1")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        await().until(() -> server.messages().contains(GW1_TELEMETRY + " t1"));

        assertThat(publish(gw.client(), GW2_TELEMETRY, "forged")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publish(gw.client(), GW1_WRITE, "not-up")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publish(gw.client(), GW1_WRITE_ANSWER, "answer")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        // messages of one publisher arrive in order: once the answer is there, the refused ones would have been too
        await().until(() -> server.messages().contains(GW1_WRITE_ANSWER + " answer"));
        assertThat(server.messages()).noneMatch(m -> m.endsWith(" forged") || m.endsWith(" not-up"));
    }

    @Test
    void aGatewaySubscribesToItsOwnCommandsOnly() {
        IssuedCredential c = credentials.issueForGateway(GW1);
        Received gw = track(connect(GW1, GW1, c.password(), MQTT_PORT));

        assertThat(subscribe(gw.client(), Topics.filter(GW1, TopicKind.COMMAND))).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(subscribe(gw.client(), Topics.filter(GW2, TopicKind.COMMAND))).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(gw.client(), Topics.filter(TopicKind.TELEMETRY))).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(gw.client(), "#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        assertThat(publish(server.client(), GW1_WRITE, "go")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        await().until(() -> gw.messages().contains(GW1_WRITE + " go"));
    }

    @Test
    void wrongPasswordUnknownUserAndForeignClientIdAreRefused() {
        IssuedCredential c = credentials.issueForGateway(GW1);
        double failures = failures();

        assertThat(refusal(GW1, GW1, c.password() + "x", MQTT_PORT)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal("nobody", "nobody", c.password(), MQTT_PORT)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal(GW2, GW1, c.password(), MQTT_PORT)).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(refusal(GW1, "hanedge-server", "guess", MQTT_PORT)).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(failures()).isEqualTo(failures + 4);

        IssuedCredential renewed = credentials.issueForGateway(GW1);
        assertThat(refusal(GW1, GW1, c.password(), MQTT_PORT)).as("the replaced password")
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        track(connect(GW1, GW1, renewed.password(), MQTT_PORT));
    }

    @Test
    void theBackendReadsAllTelemetryAndPublishesNothing() {
        IssuedCredential g1 = credentials.issueForGateway(GW1);
        IssuedCredential g2 = credentials.issueForGateway(GW2);
        IssuedCredential city = credentials.issueForBackend("city");
        assertThat(city.username()).isEqualTo("backend-city");

        Received backend = track(connect("backend-city", city.username(), city.password(), MQTT_PORT));
        assertThat(subscribe(backend.client(), Topics.filter(TopicKind.TELEMETRY))).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(subscribe(backend.client(), Topics.sharedFilter("city", TopicKind.ALARM))).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        assertThat(subscribe(backend.client(), Topics.filter(GW1, TopicKind.COMMAND))).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);

        Received gw1 = track(connect(GW1, GW1, g1.password(), MQTT_PORT));
        Received gw2 = track(connect(GW2, GW2, g2.password(), MQTT_PORT));
        publish(gw1.client(), GW1_TELEMETRY, "from-1");
        publish(gw2.client(), GW2_TELEMETRY, "from-2");
        publish(gw2.client(), Topics.of(GW2, TopicKind.ALARM), "alarm-2");
        await().until(() -> backend.messages().containsAll(List.of(GW1_TELEMETRY + " from-1",
                GW2_TELEMETRY + " from-2", Topics.of(GW2, TopicKind.ALARM) + " alarm-2")));

        assertThat(publish(backend.client(), GW1_TELEMETRY, "fake")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publish(backend.client(), GW1_WRITE, "fake-cmd")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        publish(gw1.client(), GW1_TELEMETRY, "after");
        await().until(() -> server.messages().contains(GW1_TELEMETRY + " after"));
        assertThat(server.messages()).noneMatch(m -> m.endsWith(" fake") || m.endsWith(" fake-cmd"));
        assertThat(gw1.messages()).isEmpty();
    }

    @Test
    void aRevokedCredentialIsDisconnectedAndRefused() {
        IssuedCredential c = credentials.issueForBackend("revoked");
        double before = connected("BACKEND");
        Received backend = track(connect("backend-revoked.1", c.username(), c.password(), MQTT_PORT));
        await().until(() -> connected("BACKEND") == before + 1);

        credentials.revoke(c.username());
        await().until(() -> !backend.client().getState().isConnected());
        await().until(() -> connected("BACKEND") == before);
        assertThat(refusal("backend-revoked", c.username(), c.password(), MQTT_PORT))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void gatewayConnectionsAreCounted() {
        IssuedCredential c = credentials.issueForGateway(GW2);
        double before = connected("GATEWAY");
        Received gw = track(connect(GW2, GW2, c.password(), MQTT_PORT));
        await().until(() -> connected("GATEWAY") == before + 1);
        gw.client().disconnect();
        await().until(() -> connected("GATEWAY") == before);
    }

    @Test
    void aGatewaysLastWillMayOnlyBeItsOwnState() {
        IssuedCredential c = credentials.issueForGateway(GW2);
        Mqtt5BlockingClient gw = MqttTestClients.builder(GW2, MQTT_PORT).willPublish().topic(Topics.of(GW2, TopicKind.STATE))
                .payload("offline".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).retain(true).applyWillPublish().buildBlocking();
        gw.connectWith().simpleAuth().username(GW2).password(c.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        gw.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        await().until(() -> server.messages().contains(Topics.of(GW2, TopicKind.STATE) + " offline"));

        Mqtt5BlockingClient forger = MqttTestClients.builder(GW2, MQTT_PORT).willPublish().topic(Topics.of(GW1, TopicKind.STATE))
                .payload("forged-will".getBytes(StandardCharsets.UTF_8)).qos(MqttQos.AT_LEAST_ONCE).applyWillPublish().buildBlocking();
        try {
            forger.connectWith().simpleAuth().username(GW2).password(c.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
            forger.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        } catch (Mqtt5ConnAckException e) {
            assertThat(e.getMqttMessage().getReasonCode()).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        }
        Received gw2 = track(connect(GW2, GW2, c.password(), MQTT_PORT));
        publish(gw2.client(), GW2_TELEMETRY, "after-will");
        await().until(() -> server.messages().contains(GW2_TELEMETRY + " after-will"));
        assertThat(server.messages()).noneMatch(m -> m.endsWith(" forged-will"));
    }

    private double connected(String role) {
        return meters.get("hanedge.broker.connections").tag("role", role).gauge().value();
    }

    private double failures() {
        return meters.find("hanedge.broker.auth.failures").counters().stream().mapToDouble(x -> x.count()).sum();
    }

    private Received track(Received r) {
        clients.add(r);
        return r;
    }

    static {
        org.awaitility.Awaitility.setDefaultTimeout(Duration.ofSeconds(20));
    }
}
