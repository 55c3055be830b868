package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.contract.mqtt.Topics;
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

import com.fasterxml.jackson.databind.JsonNode;

/** The uplink against a real mosquitto. */
class UplinkMqttTest {
    static final Duration LONG = Duration.ofSeconds(30);
    @TempDir
    static Path dir;
    static MosquittoBroker broker;
    static MosquittoBroker secured;
    static int gwCounter;

    final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startBrokers() throws Exception {
        broker = MosquittoBroker.create(dir.resolve("broker")).start();
        // withPasswords fails unless mosquitto_passwd succeeds, and turns anonymous access off
        secured = MosquittoBroker.create(dir.resolve("secured")).withPasswords("gw-secure", "right-password").start();
    }

    @AfterAll
    static void stopBrokers() throws Exception {
        if (broker != null) {
            broker.stop();
        }
        if (secured != null) {
            secured.stop();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    static String newGatewayId() {
        return "gw-test-" + (++gwCounter) + "-" + ProcessHandle.current().pid();
    }

    static UplinkSettings settings(String gw, String uri, String user, String password, TelemetryForm f,
            int maxBytes, int inflight, double rate) {
        return new UplinkSettings(gw, uri, user, password, f, null, null, null, maxBytes, inflight, rate, 1, 30, 100,
                400);
    }

    Sender sender(UplinkSettings s, InMemoryOutbox outbox) {
        StateDocuments docs = new StateDocuments(s.gatewayId(), "9.9.9-test", Instant.parse("2025-01-01T00:00:00Z"),
                () -> Map.of("lake", "1.2.0"), () -> Map.of("lake-sonde", "lake@1.2.0"), dir.toFile());
        Sender sender = new Sender(s, outbox, docs);
        cleanup.add(sender::stop);
        sender.start();
        return sender;
    }

    Subscriber subscriber(String uri, String gw) throws Exception {
        Subscriber sub = new Subscriber(uri, Topics.ROOT + gw + "/#");
        cleanup.add(sub);
        return sub;
    }

    /** A loopback port nothing listens on. */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    static List<Payload> readings(int n, String device, int offset) {
        List<Payload> out = new ArrayList<>();
        Instant t = Instant.parse("2025-03-01T00:00:00Z");
        for (int i = 0; i < n; i++) {
            out.add(new Payload.OfReading(Reading.of(device, "level", offset + i, "m", t.plusSeconds(offset + i))));
        }
        return out;
    }

    static Set<Long> range(long from, long to) {
        Set<Long> s = new HashSet<>();
        for (long i = from; i <= to; i++) {
            s.add(i);
        }
        return s;
    }

    @Test
    void readingsArriveOnceEachWithSeqBirthIsRetainedStatsFlow() throws Exception {
        String gw = newGatewayId();
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, readings(300, "lake-sonde", 0));
        outbox.append(Priority.TELEMETRY, readings(200, "pump-1", 1000));
        Subscriber sub = subscriber(broker.uri(), gw);
        Sender sender = sender(settings(gw, broker.uri(), null, null, TelemetryForm.JSON, 1024, 16, 1000), outbox);

        await().atMost(LONG).until(() -> sub.telemetrySeqs().size() >= 500);
        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
        List<Long> seqs = sub.telemetrySeqs();
        assertEquals(500, seqs.size(), "each reading exactly once");
        assertEquals(range(1, 500), new HashSet<>(seqs));
        for (Subscriber.Received r : sub.on("telemetry")) {
            assertTrue(r.payload().length <= 1024);
            assertEquals("application/senml+json", r.contentType());
            JsonNode pack = r.json();
            assertEquals(pack.get(0).get("seq").asText(), r.user().get("seq"));
            assertEquals(Integer.toString(pack.size()), r.user().get("seq-count"));
            assertTrue(pack.get(0).get("bn").asText().startsWith(gw + "/"));
        }
        // the birth came first, and it is retained: a late subscriber gets it
        assertTrue(sub.messages.get(0).topic().endsWith("/state"), "birth before anything else");
        Subscriber late = subscriber(broker.uri(), gw + "/state");
        await().atMost(LONG).until(() -> !late.messages.isEmpty());
        Subscriber.Received birth = late.messages.get(0);
        assertTrue(birth.retained());
        JsonNode b = birth.json();
        assertTrue(b.get("online").asBoolean());
        assertEquals(gw, b.get("gateway").asText());
        assertEquals("9.9.9-test", b.get("firmware").asText());
        assertEquals("1.2.0", b.get("profiles").get("lake").asText());
        assertEquals("lake@1.2.0", b.get("devices").get("lake-sonde").asText());
        assertNull(birth.user().get("seq"), "birth is a live snapshot without seq");
        // stats every second in this test
        await().atMost(LONG).until(() -> !sub.on("stats").isEmpty());
        JsonNode stats = sub.on("stats").get(0).json();
        assertTrue(stats.get("outbox").get("pending").has("ALARM"));
        assertTrue(stats.get("uplink").has("messagesSent"));
        assertTrue(stats.get("heap").get("max").asLong() > 0);
        UplinkStatus st = sender.status();
        assertEquals(500, st.readingsSent());
        assertTrue(st.connected());
    }

    @Test
    void cborTelemetryAndEventsOnTheirTopics() throws Exception {
        String gw = newGatewayId();
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, readings(50, "boat", 0));
        outbox.append(Priority.EVENT, List.of(new Payload.OfEvent("config/reported", Instant.now(), "{\"v\":3}")));
        Subscriber sub = subscriber(broker.uri(), gw);
        sender(settings(gw, broker.uri(), null, null, TelemetryForm.CBOR, 16384, 16, 100), outbox);
        await().atMost(LONG).until(() -> sub.telemetrySeqs().size() >= 50 && !sub.on("config/reported").isEmpty());
        assertEquals("application/senml+cbor", sub.on("telemetry").get(0).contentType());
        assertEquals(range(1, 50), new HashSet<>(sub.telemetrySeqs()));
        Subscriber.Received ev = sub.on("config/reported").get(0);
        assertEquals("{\"v\":3}", ev.text());
        assertEquals("51", ev.user().get("seq"));
        assertEquals("application/json", ev.contentType());
        // the event (priority EVENT) went out before the telemetry
        int evIdx = sub.messages.indexOf(ev);
        int firstTelemetry = sub.messages.indexOf(sub.on("telemetry").get(0));
        assertTrue(evIdx < firstTelemetry);
    }

    @Test
    void lastWillWhenTheLinkDiesAndShutdownStateOnStop() throws Exception {
        String gw = newGatewayId();
        TcpProxy proxy = new TcpProxy(broker.port());
        cleanup.add(proxy);
        Subscriber sub = subscriber(broker.uri(), gw + "/state");
        InMemoryOutbox outbox = new InMemoryOutbox();
        Sender sender = sender(settings(gw, proxy.tcpUri(), null, null, TelemetryForm.JSON, 16384, 16, 100), outbox);
        await().atMost(LONG).until(() -> sub.messages.size() >= 1);
        assertTrue(sub.messages.get(0).json().get("online").asBoolean());

        proxy.setOpen(false); // abrupt: RST, no DISCONNECT
        await().atMost(LONG).until(() -> sub.messages.stream().anyMatch(m -> !m.json().get("online").asBoolean()));
        JsonNode will = sub.messages.stream().filter(m -> !m.json().get("online").asBoolean()).findFirst().get()
                .json();
        assertEquals(gw, will.get("gateway").asText());
        assertFalse(will.has("reason"), "the Last Will, not an orderly shutdown");
        await().atMost(LONG).until(() -> !sender.status().connected() && sender.status().lastError() != null);

        proxy.setOpen(true);
        int before = sub.messages.size();
        await().atMost(LONG).until(() -> sub.messages.size() > before
                && sub.messages.get(sub.messages.size() - 1).json().get("online").asBoolean());
        assertEquals(1, sender.status().reconnects());

        sender.stop();
        await().atMost(LONG).until(() -> "shutdown".equals(
                sub.messages.get(sub.messages.size() - 1).json().path("reason").asText()));
    }

    @Test
    void backlogAfterBrokerRestartDrainsOnceEachAlarmFirst() throws Exception {
        String gw = newGatewayId();
        MosquittoBroker own = MosquittoBroker.create(dir.resolve("own-" + gw)).start();
        cleanup.add(own);
        TcpProxy proxy = new TcpProxy(own.port()); // lets the test decide when the gateway may come back
        cleanup.add(proxy);
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, readings(100, "boat", 0));
        Subscriber first = subscriber(own.uri(), gw);
        Sender sender = sender(settings(gw, proxy.tcpUri(), null, null, TelemetryForm.JSON, 16384, 8, 200), outbox);
        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
        Set<Long> seen = new HashSet<>(first.telemetrySeqs());

        proxy.setOpen(false);
        own.stop();
        await().atMost(LONG).until(() -> !sender.status().connected());
        // three days at sea, in miniature: 2,000 readings, then a live alarm
        outbox.append(Priority.TELEMETRY, readings(2000, "boat", 100));
        long alarmSeq = outbox.append(Priority.ALARM, List.of(new Payload.OfEvent("alarm", Instant.now(),
                "{\"channel\":\"bilge\",\"severity\":\"critical\",\"state\":\"raised\"}"))).toCompletableFuture()
                .get();
        own.start(); // same port
        Subscriber after = subscriber(own.uri(), gw);
        proxy.setOpen(true);

        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
        await().atMost(LONG).until(() -> after.telemetrySeqs().size() >= 2000);
        seen.addAll(after.telemetrySeqs());
        assertEquals(range(1, 2100), seen, "every reading delivered (after dedup)");
        List<Subscriber.Received> msgs = after.messages;
        int alarmIdx = -1;
        int readingsBefore = 0;
        for (int i = 0; i < msgs.size(); i++) {
            if (msgs.get(i).topic().endsWith("/alarm")) {
                alarmIdx = i;
                assertEquals(Long.toString(alarmSeq), msgs.get(i).user().get("seq"));
                break;
            }
            if (msgs.get(i).topic().endsWith("/telemetry")) {
                readingsBefore += msgs.get(i).json().size();
            }
        }
        assertTrue(alarmIdx >= 0, "alarm delivered");
        assertTrue(readingsBefore < 1000, readingsBefore + " readings overtook the alarm");
        assertTrue(msgs.get(0).topic().endsWith("/state"), "birth first after reconnect");
        assertTrue(sender.status().maxInFlightSeen() <= 8);
    }

    @Test
    void inFlightWindowIsNeverExceeded() throws Exception {
        String gw = newGatewayId();
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, readings(3000, "lake-sonde", 0));
        Subscriber sub = subscriber(broker.uri(), gw);
        Sender sender = sender(settings(gw, broker.uri(), null, null, TelemetryForm.JSON, 300, 3, 2000), outbox);
        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
        UplinkStatus st = sender.status();
        assertTrue(st.messagesSent() > 100, "many small messages: " + st.messagesSent());
        assertTrue(st.maxInFlightSeen() <= 3, "max in flight " + st.maxInFlightSeen());
        assertTrue(st.maxInFlightSeen() >= 1);
        await().atMost(LONG).until(() -> sub.telemetrySeqs().size() >= 3000);
        assertEquals(range(1, 3000), new HashSet<>(sub.telemetrySeqs()));
    }

    @Test
    void wrongPasswordIsAClearErrorAndNothingLeavesTheOutbox() throws Exception {
        String gw = newGatewayId();
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, readings(20, "lake-sonde", 0));
        Sender sender = sender(settings(gw, secured.uri(), "gw-secure", "wrong-password", TelemetryForm.JSON,
                16384, 16, 50), outbox);
        await().atMost(LONG).until(() -> sender.status().failedAttempts() >= 2);
        String err = sender.status().lastError();
        assertNotNull(err);
        assertTrue(err.contains("not authorized") || err.contains("bad user name or password"), err);
        assertFalse(err.contains("wrong-password"));
        assertEquals(20, outbox.unacknowledged());
        assertEquals(0, outbox.acknowledged);
        outbox.append(Priority.TELEMETRY, readings(5, "lake-sonde", 20)); // acquisition keeps buffering
        assertEquals(25, outbox.unacknowledged());
        assertFalse(sender.status().connected());
    }

    @Test
    void rightPasswordConnects() throws Exception {
        String gw = newGatewayId();
        InMemoryOutbox outbox = new InMemoryOutbox();
        outbox.append(Priority.TELEMETRY, readings(20, "lake-sonde", 0));
        sender(settings(gw, secured.uri(), "gw-secure", "right-password", TelemetryForm.JSON, 16384, 16, 50),
                outbox);
        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
    }

    @Test
    void refusedAndUnknownHostAreNamed() throws Exception {
        InMemoryOutbox outbox = new InMemoryOutbox();
        int closed = freePort();
        Sender refused = sender(settings(newGatewayId(), "tcp://127.0.0.1:" + closed, null, null, TelemetryForm.JSON,
                16384, 16, 50), outbox);
        Sender dns = sender(settings(newGatewayId(), "tcp://no-such-broker.invalid:1883", null, null,
                TelemetryForm.JSON, 16384, 16, 50), outbox);
        await().atMost(LONG).until(() -> refused.status().lastError() != null && dns.status().lastError() != null);
        assertTrue(refused.status().lastError().contains("connection refused"), refused.status().lastError());
        assertTrue(dns.status().lastError().contains("unknown host"), dns.status().lastError());
    }
}
