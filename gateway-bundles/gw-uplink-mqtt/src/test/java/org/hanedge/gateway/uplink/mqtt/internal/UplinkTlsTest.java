package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS: certificates made by the openssl CLI; mosquitto TLS listeners with good, expired, foreign and misnamed certs. */
class UplinkTlsTest {
    static final Duration LONG = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static final List<MosquittoBroker> brokers = new ArrayList<>();
    static MosquittoBroker good;
    static MosquittoBroker expired;
    static MosquittoBroker foreign;
    static MosquittoBroker misnamed;
    static MosquittoBroker mutual;
    final List<Sender> senders = new ArrayList<>();

    static void openssl(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("openssl");
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", cmd) + "\n" + out);
    }

    static void ca(String name) throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
                "-days", "30", "-subj", "/CN=" + name);
    }

    /** A server certificate signed by {@code ca}; {@code days} < 0 makes it expired. */
    static void server(String name, String ca, String san, int days) throws Exception {
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr", "-subj",
                "/CN=" + name);
        Files.writeString(dir.resolve(name + ".ext"), "subjectAltName=" + san + "\n");
        openssl("x509", "-req", "-in", name + ".csr", "-CA", ca + ".pem", "-CAkey", ca + ".key", "-CAcreateserial",
                "-out", name + ".pem", "-days", Integer.toString(days), "-extfile", name + ".ext");
    }

    /** An anonymous broker whose (only) listener speaks TLS with {@code cert}. */
    static MosquittoBroker tlsBroker(String cert) throws Exception {
        // withConfig lines apply to the broker's listener: certfile/keyfile make it a TLS listener
        MosquittoBroker m = MosquittoBroker.create(dir.resolve("broker-" + cert))
                .withConfig("certfile " + dir.resolve(cert + ".pem"), "keyfile " + dir.resolve(cert + ".key"));
        brokers.add(m);
        return m.start();
    }

    @BeforeAll
    static void certificatesAndBrokers() throws Exception {
        ca("ca");
        ca("other-ca");
        server("good", "ca", "IP:127.0.0.1,DNS:localhost", 30);
        server("expired", "ca", "IP:127.0.0.1,DNS:localhost", -1);
        server("foreign", "other-ca", "IP:127.0.0.1,DNS:localhost", 30);
        server("misnamed", "ca", "DNS:broker.elsewhere.example", 30);
        server("client", "ca", "DNS:gw-tls-client", 30);
        mutual = MosquittoBroker.create(dir.resolve("broker-mutual")).withConfig(
                "certfile " + dir.resolve("good.pem"), "keyfile " + dir.resolve("good.key"),
                "cafile " + dir.resolve("ca.pem"), "require_certificate true");
        brokers.add(mutual);
        mutual.start();
        good = tlsBroker("good");
        expired = tlsBroker("expired");
        foreign = tlsBroker("foreign");
        misnamed = tlsBroker("misnamed");
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        for (MosquittoBroker m : brokers) {
            m.stop();
        }
    }

    @AfterEach
    void stopSenders() {
        senders.forEach(Sender::stop);
    }

    Sender sender(String gw, MosquittoBroker broker, InMemoryOutbox outbox) {
        return sender(gw, broker, outbox, null);
    }

    /** A sender that presents the client certificate {@code clientCert}.pem/.key when it is not null. */
    Sender sender(String gw, MosquittoBroker broker, InMemoryOutbox outbox, String clientCert) {
        UplinkSettings s = new UplinkSettings(gw, "ssl://127.0.0.1:" + broker.port(), null, null, TelemetryForm.JSON,
                dir.resolve("ca.pem"), clientCert == null ? null : dir.resolve(clientCert + ".pem"),
                clientCert == null ? null : dir.resolve(clientCert + ".key"), 16384, 16, 100, 60, 30, 100, 400);
        Sender sender = new Sender(s, outbox,
                new StateDocuments(gw, "t", Instant.now(), Map::of, Map::of, null));
        senders.add(sender);
        sender.start();
        return sender;
    }

    static InMemoryOutbox filled() {
        InMemoryOutbox o = new InMemoryOutbox();
        o.append(Priority.TELEMETRY, List.of(new Payload.OfReading(Reading.of("d", "c", 1, "m", Instant.now())),
                new Payload.OfReading(Reading.of("d", "c", 2, "m", Instant.now()))));
        return o;
    }

    @Test
    void trustedServerCertificateWorks() {
        InMemoryOutbox outbox = filled();
        Sender s = sender("gw-tls-good", good, outbox);
        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
        assertEquals(2, s.status().readingsSent());
    }

    @Test
    void expiredForeignAndMisnamedCertificatesAreRefusedClearly() {
        InMemoryOutbox o1 = filled();
        InMemoryOutbox o2 = filled();
        InMemoryOutbox o3 = filled();
        Sender s1 = sender("gw-tls-expired", expired, o1);
        Sender s2 = sender("gw-tls-foreign", foreign, o2);
        Sender s3 = sender("gw-tls-misnamed", misnamed, o3);
        await().atMost(LONG).until(() -> s1.status().failedAttempts() >= 2 && s2.status().failedAttempts() >= 2
                && s3.status().failedAttempts() >= 2);
        assertTrue(s1.status().lastError().contains("expired"), s1.status().lastError());
        assertTrue(s2.status().lastError().contains("not trusted"), s2.status().lastError());
        assertTrue(s3.status().lastError().contains("does not match the host"), s3.status().lastError());
        for (InMemoryOutbox o : List.of(o1, o2, o3)) {
            assertEquals(0, o.acknowledged);
            assertEquals(2, o.unacknowledged());
        }
    }

    @Test
    void brokerRequiringAClientCertificateAcceptsOnlyAGatewayThatPresentsOne() {
        InMemoryOutbox withCert = filled();
        InMemoryOutbox without = filled();
        Sender accepted = sender("gw-tls-client", mutual, withCert, "client");
        Sender refused = sender("gw-tls-anonymous", mutual, without);
        await().atMost(LONG).until(() -> withCert.unacknowledged() == 0 && refused.status().failedAttempts() >= 2);
        assertEquals(2, accepted.status().readingsSent());
        assertEquals(0, without.acknowledged);
        assertEquals(2, without.unacknowledged());
        assertTrue(refused.status().lastError() != null, "the refusal must be reported");
    }
}
