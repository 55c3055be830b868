package org.hanedge.fleet.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.sql.DataSource;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;

/**
 * The embedded broker acknowledges a gateway's publish only after the server committed it. The writer is stalled
 * with a real H2 lock: another connection holds an uncommitted row with the primary key the writer is about to
 * insert, so the writer's insert waits for it and fails after H2's lock timeout, again and again. Own Spring
 * context: a short acknowledgement timeout and lock timeout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CommitBeforeAckTest {
    private static final Path DATA_DIR = tempDir();
    private static final int MQTT_PORT = FleetServerTest.freePort();

    @DynamicPropertySource
    static void fleetProperties(DynamicPropertyRegistry registry) {
        registry.add("hanedge.fleet.data-dir", DATA_DIR::toString);
        registry.add("hanedge.fleet.mqtt.port", () -> MQTT_PORT);
        registry.add("hanedge.fleet.mqtt.bind-address", () -> "127.0.0.1");
        registry.add("hanedge.fleet.profiles-dir", () -> FleetServerTest.projectPath("device-profiles").toString());
        registry.add("hanedge.fleet.ingest.ack-timeout", () -> "5s");
        registry.add("spring.datasource.hikari.connection-init-sql", () -> "SET LOCK_TIMEOUT 500");
    }

    @Autowired
    GatewayRegistry registry;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    GatewayDirectory directory;

    @Test
    void thePubackArrivesOnlyOnceTheReadingIsCommitted() throws Exception {
        String id = "ACK-1";
        Mqtt5AsyncClient gw = gateway(id);
        List<String> backendSaw = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient backend = subscriber(id, backendSaw);
        try (Connection blocker = holdSeq(id, 1)) {
            CompletableFuture<Mqtt5PublishResult> puback = telemetry(gw, id, 1, 1.25);
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !puback.isDone());
            assertThat(backendSaw).as("the city backend gets it only after the commit too").isEmpty();
            blocker.rollback();
            puback.get(); // a PUBACK with an error reason code would fail the future
            // the PUBACK came: the reading is committed, visible to any other connection at once
            assertThat(readings(id)).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> backendSaw.size() == 1);
        } finally {
            gw.disconnect().join();
            backend.disconnect().join();
        }
    }

    @Test
    void aPublishNotCommittedWithinTheTimeoutGetsAnErrorPubackAndItsResendIsStoredOnce() throws Exception {
        String id = "ACK-2";
        Mqtt5AsyncClient gw = gateway(id);
        try (Connection blocker = holdSeq(id, 1)) {
            CompletableFuture<Mqtt5PublishResult> puback = telemetry(gw, id, 1, 2.5);
            await().atMost(Duration.ofSeconds(15)).until(puback::isDone);
            assertThat(puback).as("a PUBACK with an error reason code").isCompletedExceptionally();
            Throwable error = puback.handle((r, e) -> e).get();
            Throwable cause = error instanceof java.util.concurrent.CompletionException ? error.getCause() : error;
            assertThat(cause).isInstanceOf(Mqtt5PubAckException.class);
            assertThat(((Mqtt5PubAckException) cause).getMqttMessage().getReasonCode())
                    .isEqualTo(Mqtt5PubAckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR);
            assertThat(readings(id)).isZero();
            blocker.rollback();
        }
        // the writer still commits what it holds; the gateway kept the message and resends it: stored once
        await().atMost(Duration.ofSeconds(10)).until(() -> readings(id) == 1);
        telemetry(gw, id, 1, 2.5).get();
        assertThat(readings(id)).isEqualTo(1);
        gw.disconnect().join();
    }

    @Test
    void aWriterThatKeepsHittingALockRetriesInsteadOfTurningTheMessageIntoADeadLetter() throws Exception {
        String id = "ACK-3";
        Mqtt5AsyncClient gw = gateway(id);
        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            try (PreparedStatement ps = blocker.prepareStatement("INSERT INTO series (gateway_id, device_id, channel,"
                    + " unit, value_kind) VALUES (?, 'lake-sonde', 'water_level', 'm', 'NUMBER')")) {
                ps.setString(1, id);
                ps.executeUpdate();
            }
            CompletableFuture<Mqtt5PublishResult> puback = telemetry(gw, id, 1, 3.75);
            // several lock timeouts pass (500 ms each): a lock says nothing about the message, so no dead letter
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).until(() -> !puback.isDone());
            blocker.rollback();
            puback.get();
        }
        assertThat(readings(id)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM dead_letter WHERE gateway_id = ?").param(id).query(Long.class)
                .single()).isZero();
        gw.disconnect().join();
    }

    /** Another connection inserts, without committing, the sequence run the writer will insert for this gateway. */
    private Connection holdSeq(String gatewayId, long seq) throws Exception {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement(
                "INSERT INTO ingest_seq (gateway_id, seq_from, seq_to) VALUES (?, ?, ?)")) {
            ps.setString(1, gatewayId);
            ps.setLong(2, seq);
            ps.setLong(3, seq);
            ps.executeUpdate();
        }
        return c;
    }

    private Mqtt5AsyncClient gateway(String id) {
        registry.register(List.of(new Site(id, "lake", "Lake " + id, "Lake", "Hai Chau", 16.06, 108.21, "lake", null,
                List.of(), List.of("lake"))));
        String password = credentials.issueForGateway(id).password();
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(id).serverHost("127.0.0.1")
                .serverPort(MQTT_PORT).buildAsync();
        c.connectWith().simpleAuth().username(id).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().join();
        // the birth announces the device: only then is its telemetry stored
        String now = java.time.Instant.now().toString();
        c.publishWith().topic(TestGateway.root(id) + "state").qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(("{\"online\":true,\"gateway\":\"" + id + "\",\"firmware\":\"0.1.0-test\",\"started\":\""
                        + now + "\",\"connected\":\"" + now + "\",\"devices\":{\"lake-sonde\":\"lake@1.0.0\"}}")
                        .getBytes(StandardCharsets.UTF_8)).send().join();
        await().atMost(Duration.ofSeconds(20)).until(() -> directory.profileOf(id, "lake-sonde") != null);
        return c;
    }

    private Mqtt5AsyncClient subscriber(String gatewayId, List<String> received) {
        String name = "ack" + Long.toHexString(System.nanoTime());
        String password = credentials.issueForBackend(name).password();
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier("backend-" + name)
                .serverHost("127.0.0.1").serverPort(MQTT_PORT).buildAsync();
        c.connectWith().simpleAuth().username("backend-" + name).password(password.getBytes(StandardCharsets.UTF_8))
                .applySimpleAuth().send().join();
        c.subscribeWith().topicFilter(TestGateway.root(gatewayId) + "telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .callback(p -> received.add(new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8))).send().join();
        return c;
    }

    private static CompletableFuture<Mqtt5PublishResult> telemetry(Mqtt5AsyncClient gw, String id, long seq,
            double level) {
        String pack = "[" + TestGateway.record(id + "/lake-sonde/", "water_level", "m", "\"v\":" + level,
                System.currentTimeMillis() / 1000.0, seq) + "]";
        return gw.publishWith().topic(TestGateway.root(id) + "telemetry").qos(MqttQos.AT_LEAST_ONCE)
                .contentType(ContentType.SENML_JSON.mime()).payload(pack.getBytes(StandardCharsets.UTF_8))
                .userProperties().add(UserProperties.SEQ, Long.toString(seq)).add(UserProperties.SEQ_COUNT, "1").applyUserProperties()
                .send();
    }

    private long readings(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM reading r JOIN series s ON s.id = r.series_id WHERE s.gateway_id = ?")
                .param(gatewayId).query(Long.class).single();
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fleet-ack-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
