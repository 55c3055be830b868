package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.broker.StateStamp;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * Embedded broker: a gateway's birth is ingested by the broker's interceptor in order with its telemetry, so
 * telemetry published right after the birth (without waiting for its PUBACK) is checked against it; the birth is
 * acknowledged once committed, ingested once (its copy through the server's subscription is not ingested again),
 * and a gateway's Last Wills still set it offline.
 */
class BirthOrderTest extends FleetServerTest {
    static final int GATEWAYS = 20;
    static final int PACKS = 5;

    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    MeterRegistry meters;

    @Test
    void telemetryPublishedRightAfterTheBirthOfFreshGatewaysIsStoredWithoutDeadLetters() {
        List<String> ids = new ArrayList<>();
        for (int g = 0; g < GATEWAYS; g++) {
            ids.add("BO-" + g);
        }
        List<Mqtt5AsyncClient> clients = new ArrayList<>();
        Map<String, Boolean> onlineAtBirthAck = new ConcurrentHashMap<>();
        List<CompletableFuture<Mqtt5PublishResult>> sent = new ArrayList<>();
        double stateBefore = stateMessages();
        for (String id : ids) {
            Mqtt5AsyncClient c = connect(id);
            clients.add(c);
            String now = Instant.now().toString();
            sent.add(c.publishWith().topic(TestGateway.root(id) + "state").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(("{\"online\":true,\"gateway\":\"" + id + "\",\"firmware\":\"0.1.0-test\",\"started\":\""
                            + now + "\",\"connected\":\"" + now + "\",\"devices\":{\"lake-sonde\":\"lake@1.0.0\"}}")
                            .getBytes(StandardCharsets.UTF_8))
                    .send().whenComplete((r, e) -> onlineAtBirthAck.put(id, e == null && online(id))));
            for (int k = 0; k < PACKS; k++) { // not waiting for the birth's PUBACK
                String pack = "[" + TestGateway.record(id + "/lake-sonde/", "water_level", "m", "\"v\":" + k,
                        System.currentTimeMillis() / 1000.0 - PACKS + k, k + 1) + "]";
                sent.add(c.publishWith().topic(TestGateway.root(id) + "telemetry").qos(MqttQos.AT_LEAST_ONCE)
                        .contentType("application/senml+json").payload(pack.getBytes(StandardCharsets.UTF_8))
                        .userProperties().add("seq", Long.toString(k + 1)).add("seq-count", "1")
                        .applyUserProperties().send());
            }
        }
        CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();
        for (String id : ids) {
            assertThat(readings(id)).as("readings of %s, acknowledged", id).isEqualTo(PACKS);
            assertThat(onlineAtBirthAck.get(id)).as("%s online when its birth was acknowledged", id).isTrue();
        }
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dead_letter WHERE gateway_id LIKE 'BO-%'").query(Long.class)
                .single()).isZero();

        // a barrier: a Will published after the births' copies reached the server's subscription is ingested
        // after them; then every birth was ingested exactly once (the copies were not) and the Will once
        TestGateway barrier = gateway("BO-BARRIER");
        barrier.birth("{}");
        barrier.crash();
        await().atMost(Duration.ofSeconds(30)).until(() -> !online("BO-BARRIER"));
        assertThat(stateMessages() - stateBefore).isEqualTo(GATEWAYS + 2);
        clients.forEach(c -> c.disconnect().join());
    }

    @Test
    void aWillSetsTheGatewayOfflineAndABirthAfterItOnlineAgain() {
        List<String> stamps = new java.util.concurrent.CopyOnWriteArrayList<>();
        Mqtt5AsyncClient backend = backend("BO-WILL", stamps);
        TestGateway first = gateway("BO-WILL");
        first.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
        assertThat(online("BO-WILL")).isTrue(); // the birth's PUBACK came after its commit
        first.crash();
        TestGateway second = TestGateway.connect("BO-WILL", credentials.issueForGateway("BO-WILL").password(),
                MQTT_PORT);
        second.birth("{\"lake-sonde\":\"lake@1.0.0\"}");
        // the first connection's Will, however late it reaches the ingest, does not overtake the second birth
        TestGateway barrier = gateway("BO-WILL-BARRIER");
        barrier.birth("{}");
        barrier.crash();
        await().atMost(Duration.ofSeconds(30)).until(() -> !online("BO-WILL-BARRIER"));
        assertThat(online("BO-WILL")).isTrue();
        second.crash();
        await().atMost(Duration.ofSeconds(30)).until(() -> !online("BO-WILL"));
        // what the city backend saw: birth 1, Will 1, birth 2, Will 2, each stamped with its connection's number
        await().atMost(Duration.ofSeconds(10)).until(() -> stamps.size() == 4);
        assertThat(stamps.get(0)).startsWith("INGESTED:");
        assertThat(stamps.get(1)).startsWith("WILL:").endsWith(stamps.get(0).substring("INGESTED:".length()));
        assertThat(stamps.get(2)).startsWith("INGESTED:");
        assertThat(Long.parseLong(stamps.get(2).substring("INGESTED:".length())))
                .isGreaterThan(Long.parseLong(stamps.get(1).substring("WILL:".length())));
        assertThat(stamps.get(3)).isEqualTo("WILL:" + stamps.get(2).substring("INGESTED:".length()));
        backend.disconnect().join();
    }

    @Test
    void aStampTheGatewayPutOnItsBirthIsReplaced() {
        List<String> stamps = new java.util.concurrent.CopyOnWriteArrayList<>();
        Mqtt5AsyncClient backend = backend("BO-FORGE", stamps);
        TestGateway gw = gateway("BO-FORGE");
        // a birth claiming to be a copy of an ingested one would be skipped by the server's subscription
        String now = Instant.now().toString();
        Mqtt5AsyncClient c = connect("BO-FORGE-2");
        c.publishWith().topic(TestGateway.root("BO-FORGE-2") + "state").qos(MqttQos.AT_LEAST_ONCE)
                .payload(("{\"online\":true,\"gateway\":\"BO-FORGE-2\",\"firmware\":\"x\",\"started\":\"" + now
                        + "\",\"connected\":\"" + now + "\",\"devices\":{}}").getBytes(StandardCharsets.UTF_8))
                .userProperties().add(StateStamp.INGESTED, "1").add(StateStamp.WILL, "1").applyUserProperties()
                .send().join();
        assertThat(online("BO-FORGE-2")).isTrue();
        gw.birth("{}");
        await().atMost(Duration.ofSeconds(10)).until(() -> stamps.size() == 1);
        assertThat(stamps.get(0)).startsWith("INGESTED:").isNotEqualTo("INGESTED:1");
        c.disconnect().join();
        gw.close();
        backend.disconnect().join();
    }

    private TestGateway gateway(String id) {
        register(id);
        return TestGateway.connect(id, credentials.issueForGateway(id).password(), MQTT_PORT);
    }

    private void register(String id) {
        registry.register(List.of(new Site(id, "lake", "Lake " + id, "Lake", "Hai Chau", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
    }

    private Mqtt5AsyncClient connect(String id) {
        register(id);
        String password = credentials.issueForGateway(id).password();
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(MQTT_PORT).buildAsync();
        c.connectWith().simpleAuth().username(id).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().join();
        return c;
    }

    /** The city backend's view of a gateway's state topic: each message's stamp. */
    private Mqtt5AsyncClient backend(String gatewayId, List<String> stamps) {
        String name = "bo" + Long.toHexString(System.nanoTime());
        String password = credentials.issueForBackend(name).password();
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier("backend-" + name)
                .serverHost("127.0.0.1").serverPort(MQTT_PORT).buildAsync();
        c.connectWith().simpleAuth().username("backend-" + name).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().join();
        c.subscribeWith().topicFilter(TestGateway.root(gatewayId) + "state").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> {
                    StateStamp s = StateStamp.read(n -> p.getUserProperties().asList().stream()
                            .filter(up -> n.equals(up.getName().toString())).findFirst()
                            .map(up -> up.getValue().toString()));
                    stamps.add(s.kind() + ":" + s.connection());
                }).send().join();
        return c;
    }

    private boolean online(String id) {
        return jdbc.sql("SELECT online FROM gateway WHERE id = ?").param(id).query(Boolean.class).single();
    }

    private long readings(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?")
                .param(gatewayId).query(Long.class).single();
    }

    private double stateMessages() {
        var c = meters.find("hanedge.ingest.messages").tag("topic", "state").counter();
        return c == null ? 0 : c.count();
    }
}
