package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hanedge.fleet.broker.MqttTestClients.connect;
import static org.hanedge.fleet.broker.MqttTestClients.publish;
import static org.hanedge.fleet.broker.MqttTestClients.subscribe;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.IntStream;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.broker.MqttTestClients.Received;
import org.hanedge.fleet.credential.IssuedCredential;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

/**
 * How the server's ingest consumes from the embedded broker: {@link ServerMqttAccess#endpoint()}, MQTT 5 shared
 * subscriptions (several consumers split the load) and a persistent session (nothing lost while it is away).
 */
class SharedSubscriptionTest extends FleetServerTest {
    private static final String GW = "SHARE-GW-1";
    private static final String GW_TELEMETRY = Topics.of(GW, TopicKind.TELEMETRY);

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    ServerMqttAccess access;

    private IssuedCredential gateway() {
        if (jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(GW).query(Long.class).single() == 0) {
            jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES (?, 'lake', 'share test', 0)").param(GW).update();
        }
        return credentials.issueForGateway(GW);
    }

    @Test
    void twoConsumersOfOneShareGroupSplitTheMessages() {
        MqttEndpoint e = access.endpoint();
        Received a = connect("hanedge-server-share-a", e.username(), e.password(), e.port());
        Received b = connect("hanedge-server-share-b", e.username(), e.password(), e.port());
        for (Received r : List.of(a, b)) {
            assertThat(subscribe(r.client(), Topics.sharedFilter("share-test", TopicKind.TELEMETRY))).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        }
        Received gw = connect(GW, GW, gateway().password(), MQTT_PORT);
        IntStream.range(0, 40).forEach(i -> publish(gw.client(), GW_TELEMETRY, "m" + i));

        await().atMost(Duration.ofSeconds(20)).until(() -> a.messages().size() + b.messages().size() >= 40);
        List<String> all = new ArrayList<>(a.messages());
        all.addAll(b.messages());
        assertThat(all).hasSize(40).doesNotHaveDuplicates();
        assertThat(a.messages()).as("consumer a got a share").isNotEmpty();
        assertThat(b.messages()).as("consumer b got a share").isNotEmpty();
        List.of(a, b, gw).forEach(Received::disconnect);
    }

    @Test
    void aPersistentSharedSubscriptionKeepsMessagesWhileTheConsumerIsAway() {
        MqttEndpoint e = access.endpoint();
        Queue<String> got = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient consumer = persistent(e, got);
        assertThat(subscribe(consumer, Topics.sharedFilter("persist-test", TopicKind.TELEMETRY))).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        consumer.disconnect();

        Received gw = connect(GW, GW, gateway().password(), MQTT_PORT);
        publish(gw.client(), GW_TELEMETRY, "while-away-1");
        publish(gw.client(), GW_TELEMETRY, "while-away-2");
        gw.disconnect();

        Mqtt5BlockingClient back = persistent(e, got);
        await().atMost(Duration.ofSeconds(20)).until(() -> got.containsAll(List.of(
                GW_TELEMETRY + " while-away-1", GW_TELEMETRY + " while-away-2")));
        back.unsubscribeWith().topicFilter(Topics.sharedFilter("persist-test", TopicKind.TELEMETRY)).send();
        back.disconnectWith().sessionExpiryInterval(0).send();
    }

    private static Mqtt5BlockingClient persistent(MqttEndpoint e, Queue<String> got) {
        Mqtt5BlockingClient c = MqttTestClients.builder("hanedge-server-persist", e.port()).buildBlocking();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL, p -> got.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        c.connectWith().cleanStart(false).sessionExpiryInterval(3600)
                .simpleAuth().username(e.username()).password(e.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        return c;
    }
}
