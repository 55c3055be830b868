package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hanedge.fleet.broker.MqttTestClients.connect;
import static org.hanedge.fleet.broker.MqttTestClients.publish;
import static org.hanedge.fleet.broker.MqttTestClients.subscribe;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.TrustManagerFactory;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.broker.MqttTestClients.Received;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.credential.MqttPrincipal;
import org.hanedge.fleet.credential.MqttRole;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAck;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The embedded broker on its own (no Spring): restart with persistence, TLS listener, a port in use. */
class EmbeddedBrokerLifecycleTest {
    private static final String GW = "LIFE-GW-1";
    private static final String GW_PASSWORD = "life-gw-secret";
    private static final String GW_TELEMETRY = Topics.of(GW, TopicKind.TELEMETRY);

    @TempDir
    Path dir;
    private EmbeddedBroker broker;

    /** A verifier knowing one gateway, so these tests need no database. */
    private static Optional<MqttPrincipal> verify(String user, byte[] password) {
        return GW.equals(user) && GW_PASSWORD.equals(new String(password, StandardCharsets.UTF_8))
                ? Optional.of(new MqttPrincipal(GW, MqttRole.GATEWAY, GW)) : Optional.empty();
    }

    private EmbeddedBroker broker(Map<String, String> extra) {
        Map<String, String> m = new HashMap<>(Map.of("hanedge.fleet.data-dir", dir.toString(),
                "hanedge.fleet.mqtt.bind-address", "127.0.0.1"));
        m.putAll(extra);
        FleetProperties props = new Binder(new MapConfigurationPropertySource(m)).bindOrCreate("hanedge.fleet", FleetProperties.class);
        return new EmbeddedBroker(props, EmbeddedBrokerLifecycleTest::verify, new SimpleMeterRegistry());
    }

    @AfterEach
    void stop() {
        if (broker != null) {
            broker.stop();
        }
    }

    @Test
    void retainedMessagesAndTheServersPersistentSessionSurviveARestart() {
        int port = FleetServerTest.freePort();
        broker = broker(Map.of("hanedge.fleet.mqtt.port", String.valueOf(port)));
        broker.start();
        assertThat(broker.isRunning()).isTrue();
        MqttEndpoint e = broker.endpoint();
        assertThat(e.host()).isEqualTo("127.0.0.1");
        assertThat(e.port()).isEqualTo(port);
        assertThat(e.toString()).doesNotContain(e.password());

        // the server's consumer: persistent session, shared subscription, then offline
        Received consumer = persistentServerClient(port, e, true);
        assertThat(subscribe(consumer.client(), Topics.sharedFilter("hanedge-fleet", TopicKind.TELEMETRY)))
                .containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
        consumer.disconnect();

        Received gw = connect(GW, GW, GW_PASSWORD, port);
        gw.client().publishWith().topic(Topics.of(GW, TopicKind.STATE)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload("online".getBytes(StandardCharsets.UTF_8)).send();
        assertThat(publish(gw.client(), GW_TELEMETRY, "queued-1")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        assertThat(publish(gw.client(), GW_TELEMETRY, "queued-2")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        gw.disconnect();

        broker.stop();
        assertThat(broker.isRunning()).isFalse();
        assertThat(portFree(port)).as("port freed after stop").isTrue();
        broker.start();
        MqttEndpoint e2 = broker.endpoint();
        assertThat(e2.password()).as("a new server password each start").isNotEqualTo(e.password());

        Received resumed = persistentServerClient(port, e2, false);
        await().atMost(Duration.ofSeconds(20)).until(() -> resumed.messages().containsAll(List.of(
                GW_TELEMETRY + " queued-1", GW_TELEMETRY + " queued-2")));
        resumed.disconnect();

        Received fresh = connect("hanedge-server-fresh", e2.username(), e2.password(), port);
        subscribe(fresh.client(), Topics.filter(TopicKind.STATE));
        await().atMost(Duration.ofSeconds(20)).until(() -> fresh.messages().contains(Topics.of(GW, TopicKind.STATE) + " online"));
        fresh.disconnect();
    }

    private static Received persistentServerClient(int port, MqttEndpoint e, boolean expectNewSession) {
        var b = MqttTestClients.builder("hanedge-server-consumer", port);
        var c = b.buildBlocking();
        var messages = new java.util.concurrent.ConcurrentLinkedQueue<String>();
        c.toAsync().publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL,
                p -> messages.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        Mqtt5ConnAck ack = c.connectWith().cleanStart(false).sessionExpiryInterval(3600)
                .simpleAuth().username(e.username()).password(e.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        assertThat(ack.isSessionPresent()).isEqualTo(!expectNewSession);
        return new Received(c, messages);
    }

    @Test
    void aTlsListenerServesClientsTrustingItsCertificate() throws Exception {
        Path keystore = dir.resolve("broker.p12");
        String password = "changeit-test";
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", password, "-keypass", password)
                .redirectErrorStream(true).start();
        String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor()).as(out).isZero();

        int port = FleetServerTest.freePort();
        int tlsPort = FleetServerTest.freePort();
        broker = broker(Map.of("hanedge.fleet.mqtt.port", String.valueOf(port), "hanedge.fleet.mqtt.tls-port", String.valueOf(tlsPort),
                "hanedge.fleet.mqtt.tls-keystore", keystore.toString(), "hanedge.fleet.mqtt.tls-keystore-password", password));
        broker.start();
        assertThat(Files.readString(dir.resolve("broker/conf/config.xml"))).contains("<port>" + tlsPort + "</port>");

        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, password.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        Received gw = connect(MqttTestClients.builder(GW, tlsPort).sslConfig().trustManagerFactory(tmf).applySslConfig(), GW, GW_PASSWORD);
        assertThat(gw.client().getConfig().getTransportConfig().getSslConfig()).isPresent();
        MqttEndpoint e = broker.endpoint();
        Received server = connect("hanedge-server-tls", e.username(), e.password(), port);
        subscribe(server.client(), Topics.filterAll());
        assertThat(publish(gw.client(), GW_TELEMETRY, "over-tls")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.messages().contains(GW_TELEMETRY + " over-tls"));
        gw.disconnect();
        server.disconnect();
    }

    @Test
    void aPortInUseFailsTheStartNamingThePort() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
            broker = broker(Map.of("hanedge.fleet.mqtt.port", String.valueOf(taken.getLocalPort())));
            assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("hanedge.fleet.mqtt.port");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void aTlsPortWithoutKeyStoreFailsTheStartNamingTheSetting() {
        broker = broker(Map.of("hanedge.fleet.mqtt.port", String.valueOf(FleetServerTest.freePort()),
                "hanedge.fleet.mqtt.tls-port", String.valueOf(FleetServerTest.freePort())));
        assertThatThrownBy(broker::start).hasMessageContaining("hanedge.fleet.mqtt.tls-keystore");
    }

    private static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket(port, 50, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
