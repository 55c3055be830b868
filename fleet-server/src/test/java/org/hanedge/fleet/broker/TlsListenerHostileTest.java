package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.hanedge.fleet.broker.MqttTestClients.publish;
import static org.hanedge.fleet.broker.MqttTestClients.subscribe;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.net.ssl.TrustManagerFactory;

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
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

/**
 * The hostile checks of the plain listener ({@link BrokerAclTest}) repeated on the embedded broker's TLS listener of a
 * whole running server: wrong credentials, foreign topics and subscriptions, clients that do not trust the
 * certificate, plain MQTT and garbage bytes on the TLS port. Nothing forged is stored and the listener keeps serving.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class TlsListenerHostileTest {
    private static final Path DATA_DIR = tempDir();
    private static final int MQTT_PORT = FleetServerTest.freePort();
    private static final int TLS_PORT = FleetServerTest.freePort();
    private static final String KEYSTORE_PASSWORD = "tls-hostile-test";
    private static final Path KEYSTORE = keystore(DATA_DIR.resolve("broker.p12"));
    private static final String GW1 = "TLS-GW-1";
    private static final String GW2 = "TLS-GW-2";
    private static final String GW1_WRITE_ANSWER = Topics.commandResponse(GW1, "write");

    @DynamicPropertySource
    static void fleetProperties(DynamicPropertyRegistry registry) {
        registry.add("hanedge.fleet.data-dir", () -> DATA_DIR.resolve("data").toString());
        registry.add("hanedge.fleet.mqtt.port", () -> MQTT_PORT);
        registry.add("hanedge.fleet.mqtt.tls-port", () -> TLS_PORT);
        registry.add("hanedge.fleet.mqtt.tls-keystore", KEYSTORE::toString);
        registry.add("hanedge.fleet.mqtt.tls-keystore-password", () -> KEYSTORE_PASSWORD);
        registry.add("hanedge.fleet.mqtt.bind-address", () -> "127.0.0.1");
        registry.add("hanedge.fleet.profiles-dir", () -> FleetServerTest.projectPath("device-profiles").toString());
    }

    @Autowired
    JdbcClient jdbc;
    @Autowired
    MqttCredentialService credentials;
    @Autowired
    ServerMqttAccess access;

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
        server = track(MqttTestClients.connect("hanedge-server-tls-test", e.username(), e.password(), e.port()));
        assertThat(subscribe(server.client(), Topics.filterAll())).containsExactly(Mqtt5SubAckReasonCode.GRANTED_QOS_1);
    }

    @AfterEach
    void disconnect() {
        clients.forEach(Received::disconnect);
    }

    @Test
    void overTlsAGatewayPublishesAndSubscribesUnderItsOwnRootOnly() {
        IssuedCredential c = credentials.issueForGateway(GW1);
        Received gw = track(MqttTestClients.connect(tls(GW1), GW1, c.password()));
        assertThat(gw.client().getConfig().getTransportConfig().getSslConfig()).isPresent();

        assertThat(publish(gw.client(), Topics.of(GW2, TopicKind.TELEMETRY), "forged")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publish(gw.client(), Topics.command(GW1, "write"), "not-up")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(publish(gw.client(), Topics.of(GW1, TopicKind.CONFIG_DESIRED), "not-up")).isEqualTo(Mqtt5PubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(gw.client(), Topics.filter(GW2, TopicKind.COMMAND))).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(gw.client(), Topics.filter(TopicKind.TELEMETRY))).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(gw.client(), Topics.sharedFilter("g", TopicKind.TELEMETRY))).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(subscribe(gw.client(), "#")).containsExactly(Mqtt5SubAckReasonCode.NOT_AUTHORIZED);
        assertThat(gw.client().getState().isConnected()).as("refusals do not disconnect").isTrue();

        assertThat(publish(gw.client(), GW1_WRITE_ANSWER, "answer")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        // one publisher's messages arrive in order: once the allowed one is there, the refused ones would have been
        await().until(() -> server.messages().contains(GW1_WRITE_ANSWER + " answer"));
        assertThat(server.messages()).noneMatch(m -> m.endsWith(" forged") || m.endsWith(" not-up"));
        assertThat(jdbc.sql("SELECT COUNT(*) FROM series WHERE gateway_id = ?").param(GW2).query(Long.class).single())
                .as("nothing stored for the gateway whose topic was forged").isZero();
    }

    @Test
    void overTlsWrongCredentialsAndForeignClientIdsAreRefused() {
        IssuedCredential c = credentials.issueForGateway(GW1);
        assertThat(refusal(tls(GW1), GW1, c.password() + "x")).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal(tls("nobody"), "nobody", c.password())).isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        assertThat(refusal(tls(GW2), GW1, c.password())).isEqualTo(Mqtt5ConnAckReasonCode.NOT_AUTHORIZED);
        assertThat(refusal(tls(GW1), MqttCredentialService.SERVER_USERNAME, "guess"))
                .isEqualTo(Mqtt5ConnAckReasonCode.BAD_USER_NAME_OR_PASSWORD);
        track(MqttTestClients.connect(tls(GW1), GW1, c.password()));
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateOrSpeaksPlainMqttGetsNoSession() {
        IssuedCredential c = credentials.issueForGateway(GW1);
        // the JDK's default trust store does not hold the broker's self-signed certificate
        Mqtt5BlockingClient untrusting = MqttTestClients.builder(GW1, TLS_PORT).sslWithDefaultConfig().buildBlocking();
        assertThatThrownBy(() -> untrusting.connectWith().simpleAuth().username(GW1)
                .password(c.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send())
                .satisfies(e -> assertThat(causes(e)).anyMatch(t -> t instanceof javax.net.ssl.SSLException));
        assertThat(untrusting.getState().isConnected()).isFalse();

        Mqtt5BlockingClient plain = MqttTestClients.builder(GW1, TLS_PORT).buildBlocking();
        assertThatThrownBy(() -> plain.connectWith().simpleAuth().username(GW1)
                .password(c.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send());
        assertThat(plain.getState().isConnected()).isFalse();

        track(MqttTestClients.connect(tls(GW1), GW1, c.password()));
    }

    @Test
    void garbageOnTheTlsPortIsDroppedAndTheListenerKeepsServing() throws IOException {
        byte[] junk = new byte[64 * 1024];
        new Random(14).nextBytes(junk);
        for (int i = 0; i < 5; i++) {
            try (Socket s = new Socket("127.0.0.1", TLS_PORT)) {
                s.setSoTimeout(10_000);
                OutputStream out = s.getOutputStream();
                try {
                    out.write(junk, i * 1000, junk.length - i * 1000);
                    out.flush();
                } catch (IOException closedEarly) {
                    // the broker may close while we still write: that is the point
                }
                assertThat(readUntilClosed(s.getInputStream())).as("the broker closes the connection").isTrue();
            }
        }
        IssuedCredential c = credentials.issueForGateway(GW1);
        Received gw = track(MqttTestClients.connect(tls(GW1), GW1, c.password()));
        assertThat(publish(gw.client(), GW1_WRITE_ANSWER, "still-up")).isEqualTo(Mqtt5PubAckReasonCode.SUCCESS);
        await().atMost(Duration.ofSeconds(20)).until(() -> server.messages().contains(GW1_WRITE_ANSWER + " still-up"));
    }

    /** True once the peer closed (end of stream or reset) within the socket's timeout. */
    private static boolean readUntilClosed(InputStream in) {
        byte[] buf = new byte[4096];
        try {
            while (in.read(buf) >= 0) {
                // an alert, then the close
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException reset) {
            return true;
        }
    }

    private Received track(Received r) {
        clients.add(r);
        return r;
    }

    private static Mqtt5ConnAckReasonCode refusal(Mqtt5ClientBuilder builder, String user, String password) {
        Mqtt5BlockingClient c = builder.buildBlocking();
        try {
            c.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        c.disconnect();
        throw new AssertionError("connection of " + user + " was accepted");
    }

    private static List<Throwable> causes(Throwable e) {
        List<Throwable> all = new ArrayList<>();
        for (Throwable t = e; t != null && !all.contains(t); t = t.getCause()) {
            all.add(t);
        }
        return all;
    }

    /** A client of the TLS listener that trusts the broker's certificate. */
    private static Mqtt5ClientBuilder tls(String clientId) {
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(KEYSTORE)) {
                trust.load(in, KEYSTORE_PASSWORD.toCharArray());
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            return MqttTestClients.builder(clientId, TLS_PORT).sslConfig().trustManagerFactory(tmf).applySslConfig();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Path keystore(Path keystore) {
        try {
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "broker", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost",
                    "-storetype", "PKCS12", "-keystore", keystore.toString(), "-storepass", KEYSTORE_PASSWORD,
                    "-keypass", KEYSTORE_PASSWORD).redirectErrorStream(true).start();
            String out = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + out);
            }
            return keystore;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fleet-tls-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
