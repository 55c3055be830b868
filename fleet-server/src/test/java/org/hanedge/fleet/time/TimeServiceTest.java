package org.hanedge.fleet.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.credential.IssuedCredential;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

/** The time service on the running server's embedded broker, with real gateway clients and credentials. */
class TimeServiceTest extends FleetServerTest {
    private static final String GW1 = "TIME-GW-1";
    private static final String GW2 = "TIME-GW-2";

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    TimeService service;

    private final List<Mqtt5BlockingClient> clients = new ArrayList<>();

    @BeforeEach
    void gateways() {
        for (String id : List.of(GW1, GW2)) {
            if (jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(id).query(Long.class).single() == 0) {
                jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES (?, 'lake', ?, 0)").params(id, id).update();
            }
        }
    }

    @AfterEach
    void disconnect() {
        clients.stream().filter(c -> c.getState().isConnected()).forEach(Mqtt5BlockingClient::disconnect);
    }

    private Mqtt5BlockingClient gateway(String id, Queue<Mqtt5Publish> received) {
        IssuedCredential c = credentials.issueForGateway(id);
        Mqtt5BlockingClient client = Mqtt5Client.builder().identifier(id).serverHost("127.0.0.1").serverPort(MQTT_PORT)
                .buildBlocking();
        client.toAsync().publishes(MqttGlobalPublishFilter.ALL, received::add);
        client.connectWith().simpleAuth().username(id).password(c.password().getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send();
        clients.add(client);
        List<Mqtt5SubAckReasonCode> codes = client.subscribeWith().topicFilter(Topics.of(id, TopicKind.TIME_RESPONSE))
                .qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes();
        assertThat(codes).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        return client;
    }

    private static void request(Mqtt5BlockingClient c, String topic, String responseTopic, String correlation) {
        c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload("{}".getBytes(StandardCharsets.UTF_8))
                .responseTopic(responseTopic).correlationData(correlation.getBytes(StandardCharsets.UTF_8)).send();
    }

    @Test
    void aGatewayGetsTheServersTimeOnItsOwnResponseTopicWithItsCorrelationData() throws Exception {
        Queue<Mqtt5Publish> received = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient gw = gateway(GW1, received);
        long before = System.currentTimeMillis();
        request(gw, Topics.of(GW1, TopicKind.TIME_REQUEST), Topics.of(GW1, TopicKind.TIME_RESPONSE), "req-1");
        await().atMost(Duration.ofSeconds(10)).until(() -> !received.isEmpty());
        long after = System.currentTimeMillis();
        Mqtt5Publish answer = received.poll();
        assertThat(answer.getTopic().toString()).isEqualTo(Topics.of(GW1, TopicKind.TIME_RESPONSE));
        assertThat(answer.getCorrelationData().map(TimeServiceTest::text)).contains("req-1");
        long server = new ObjectMapper().readTree(answer.getPayloadAsBytes()).get("epochMillis").asLong();
        assertThat(server).isBetween(before, after);
    }

    @Test
    void aResponseTopicOtherThanTheRequestersOwnTimeResIsNotAnswered() {
        Queue<Mqtt5Publish> got1 = new ConcurrentLinkedQueue<>();
        Queue<Mqtt5Publish> got2 = new ConcurrentLinkedQueue<>();
        Mqtt5BlockingClient gw1 = gateway(GW1, got1);
        gateway(GW2, got2);
        long refused = service.refused();
        gw1.subscribeWith().topicFilter(Topics.filter(GW1, TopicKind.COMMAND)).qos(MqttQos.AT_LEAST_ONCE).send();
        request(gw1, Topics.of(GW1, TopicKind.TIME_REQUEST), Topics.of(GW2, TopicKind.TIME_RESPONSE), "foreign");
        request(gw1, Topics.of(GW1, TopicKind.TIME_REQUEST), Topics.command(GW1, "write"), "cmd");
        await().atMost(Duration.ofSeconds(10)).until(() -> service.refused() == refused + 2);
        // a proper request after them is answered; answers keep the order, so the refused ones would be there by now
        request(gw1, Topics.of(GW1, TopicKind.TIME_REQUEST), Topics.of(GW1, TopicKind.TIME_RESPONSE), "own");
        await().atMost(Duration.ofSeconds(10)).until(() -> got1.stream()
                .anyMatch(p -> p.getCorrelationData().map(TimeServiceTest::text).orElse("").equals("own")));
        assertThat(got1).hasSize(1);
        assertThat(got2).isEmpty();
    }

    @Test
    void onlyAGatewaysOwnTimeResIsAnAnswerTopic() {
        String requestA = Topics.of("A", TopicKind.TIME_REQUEST);
        String answerA = Topics.of("A", TopicKind.TIME_RESPONSE);
        assertThat(TimeService.responseTopic(requestA, answerA)).contains(answerA);
        assertThat(TimeService.responseTopic(requestA, Topics.of("B", TopicKind.TIME_RESPONSE))).isEmpty();
        assertThat(TimeService.responseTopic(requestA, null)).isEmpty();
        String req = TopicKind.TIME_REQUEST.path();
        String res = TopicKind.TIME_RESPONSE.path();
        assertThat(TimeService.responseTopic(Topics.root("A") + "b/" + req, Topics.root("A") + "b/" + res)).isEmpty();
        assertThat(TimeService.responseTopic(Topics.ROOT + "/" + req, Topics.ROOT + "/" + res)).isEmpty();
        assertThat(TimeService.responseTopic("other/A/" + req, answerA)).isEqualTo(Optional.empty());
    }

    private static String text(ByteBuffer b) {
        byte[] a = new byte[b.remaining()];
        b.duplicate().get(a);
        return new String(a, StandardCharsets.UTF_8);
    }
}
