package org.hanedge.simulators.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Sample;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/** Virtual gateways against a real mosquitto: births, telemetry on the wire, counts, rate limit, credentials. */
class VirtualFleetTest {
    static final Path PROFILES = Path.of("..", "device-profiles");
    static final Duration WAIT = Duration.ofSeconds(15);
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    @TempDir
    Path tmp;

    static List<GatewayCredential> gateways(String prefix, int n, String profile) {
        return IntStream.rangeClosed(1, n).mapToObj(i -> GatewayCredential.of(prefix + i, "pw" + i, profile))
                .toList();
    }

    @Test
    void jsonFleetConnectsAtTheRateItWasGivenAndEveryReadingArrivesOnceInOrder() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                UplinkSubscriber uplink = new UplinkSubscriber(broker.uri(), "uplink-json");
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = gateways("vj", 5, "lake");
            VirtualFleet fleet = VirtualFleet.builder().broker(broker.uri()).gateways(list).profiles(PROFILES)
                    .readingsPerSecond(30).publishInterval(Duration.ofMillis(100)).connectRate(40)
                    .format(TelemetryForm.JSON).nettyThreads(2).schedulerThreads(1).build();
            assertEquals(3, fleet.recordsPerPack());
            fleet.start();

            await().atMost(WAIT).until(() -> fleet.stats().births() == 5);
            FleetSnapshot connected = fleet.stats();
            assertEquals(5, connected.connectedNow());
            assertEquals(5, connected.maxConnected());
            assertEquals(5, connected.connectAttempts());
            assertEquals(0, connected.connectFailures());
            // 5 CONNECTs at 40/s: the limiter spaces them by 25 ms, so the first and the last are >= 100 ms apart
            assertTrue(connected.connectSpan().toMillis() >= 90, "connect span " + connected.connectSpan());

            await().atMost(WAIT).until(() -> fleet.stats().readingsAcked() >= 300);
            fleet.stop(Duration.ofSeconds(5));
            FleetSnapshot end = fleet.stats();
            assertEquals(0, end.inFlight());
            assertEquals(0, end.messagesFailed(), end.publishFailuresByReason().toString());
            assertEquals(end.readingsPublished(), end.readingsAcked());
            assertEquals(end.messagesAcked() * 3, end.readingsAcked());
            assertEquals(0, end.connectedNow());
            assertEquals(0, end.connectionsLost());

            // what the subscriber decoded: every acknowledged reading once, seqs 1..n per gateway without gaps
            await().atMost(WAIT).until(() -> list.stream()
                    .mapToLong(g -> uplink.records(g.gatewayId()).size()).sum() == end.readingsAcked());
            assertEquals(List.of(), uplink.errors());
            assertEquals(List.of(), uplink.conflicts());
            for (GatewayCredential g : list) {
                String gw = g.gatewayId();
                assertTrue(uplink.firstGap(gw).isEmpty(), gw + " gap at " + uplink.firstGap(gw));
                assertEquals(uplink.records(gw).size(), uplink.seqs(gw).size(), gw + ": a seq came twice");
                assertEquals(1L, uplink.seqs(gw).first());
                assertTrue(uplink.records(gw).stream().allMatch(r -> r.device().equals("lake-1")));
                List<JsonNode> states = uplink.messages(gw, "state");
                JsonNode birth = states.get(0);
                assertTrue(birth.get("online").asBoolean());
                assertEquals(gw, birth.get("gateway").asText());
                assertEquals("0.1.0-virtual", birth.get("firmware").asText());
                assertEquals("1.1.0", birth.get("profiles").get("lake").asText());
                assertEquals("lake@1.1.0", birth.get("devices").get("lake-1").asText());
                assertNotNull(birth.get("started"));
                assertNotNull(birth.get("connected"));
                JsonNode last = states.get(states.size() - 1);
                assertFalse(last.get("online").asBoolean());
                assertEquals("shutdown", last.get("reason").asText());
            }

            // on the wire: content type, payload format, user properties and the record fields
            List<Mqtt5Publish> packs = raw.on("vj1", TopicKind.TELEMETRY);
            assertFalse(packs.isEmpty());
            long expectedSeq = 1;
            for (Mqtt5Publish p : packs) {
                assertEquals(ContentType.SENML_JSON.mime(), p.getContentType().orElseThrow().toString());
                assertEquals(Mqtt5PayloadFormatIndicator.UTF_8, p.getPayloadFormatIndicator().orElseThrow());
                assertEquals(String.valueOf(expectedSeq), FleetRawSubscriber.userProperty(p, UserProperties.SEQ));
                assertEquals("3", FleetRawSubscriber.userProperty(p, UserProperties.SEQ_COUNT));
                String text = new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
                JsonNode pack = JSON.readTree(text);
                assertEquals(3, pack.size());
                assertEquals("vj1/lake-1/", pack.get(0).get("bn").asText());
                assertNull(pack.get(1).get("bn"));
                for (JsonNode r : pack) {
                    assertEquals(expectedSeq++, r.get("seq").asLong());
                    assertTrue(r.get("n").isTextual());
                    assertTrue(r.has("v") || r.has("vb"), r.toString());
                    assertTrue(r.get("t").isNumber());
                    if (r.get("n").asText().equals("conductivity")) {
                        assertEquals("S/m", r.get("u").asText(), "uS/cm travels as the registered S/m: " + r);
                    }
                }
                assertEquals(List.of(), FleetRawSubscriber.decode(p).problems());
                // t: seconds with 3 decimals, the publish time
                assertTrue(text.matches(".*\"t\":\\d{10}\\.\\d{3},.*"), text);
            }

            // a late subscriber still gets the retained state of every gateway
            try (FleetRawSubscriber late = new FleetRawSubscriber(broker.port(), null, null)) {
                await().atMost(WAIT).until(() -> list.stream().allMatch(g -> !late.on(g.gatewayId(), TopicKind.STATE)
                        .isEmpty()));
                Mqtt5Publish retained = late.on("vj3", TopicKind.STATE).get(0);
                assertTrue(retained.isRetain());
                assertEquals("shutdown", JSON.readTree(retained.getPayloadAsBytes()).get("reason").asText());
            }
        }
    }

    @Test
    void cborPacksCarryLabelsAndStartAtTheConfiguredSequenceNumber() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = List.of(GatewayCredential.of("vc1", "x", "pump-station"),
                    new GatewayCredential("vc2", "y", "lake", "lake-sonde"));
            VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", broker.port()).gateways(list)
                    .profiles(PROFILES).readingsPerSecond(50).publishInterval(Duration.ofMillis(100))
                    .format(TelemetryForm.CBOR).firstSeq(1000).build();
            assertEquals(5, fleet.recordsPerPack());
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().readingsAcked() >= 100);
            fleet.stop(Duration.ofSeconds(5));
            FleetSnapshot end = fleet.stats();
            assertEquals(end.readingsPublished(), end.readingsAcked());
            await().atMost(WAIT).until(() -> raw.on("vc1", TopicKind.TELEMETRY).size() + raw.on("vc2", TopicKind.TELEMETRY).size()
                    == end.messagesAcked());

            for (String gw : List.of("vc1", "vc2")) {
                String device = gw.equals("vc1") ? "pump-station-1" : "lake-sonde";
                long expectedSeq = 1000;
                Set<String> channels = new HashSet<>();
                for (Mqtt5Publish p : raw.on(gw, TopicKind.TELEMETRY)) {
                    assertEquals(ContentType.SENML_CBOR.mime(), p.getContentType().orElseThrow().toString());
                    assertTrue(p.getPayloadFormatIndicator().isEmpty());
                    assertEquals(String.valueOf(expectedSeq), FleetRawSubscriber.userProperty(p, UserProperties.SEQ));
                    assertEquals("5", FleetRawSubscriber.userProperty(p, UserProperties.SEQ_COUNT));
                    JsonNode pack = CBOR.readTree(p.getPayloadAsBytes());
                    assertEquals(5, pack.size());
                    assertEquals(gw + "/" + device + "/", pack.get(0).get("-2").asText());
                    for (JsonNode r : pack) {
                        assertEquals(expectedSeq++, r.get("seq").asLong());
                        channels.add(r.get("0").asText());
                        assertTrue(r.get("6").isNumber(), r.toString());
                        assertTrue(r.get("2") != null && r.get("2").isNumber() || r.get("4") != null
                                && r.get("4").isBoolean(), r.toString());
                    }
                }
                assertTrue(channels.size() > 5, gw + " channels " + channels);
                JsonNode birth = JSON.readTree(raw.on(gw, TopicKind.STATE).get(0).getPayloadAsBytes());
                assertTrue(birth.get("devices").has(device));
            }
        }
    }

    @Test
    void thinPacksCarryBaseTimeAndTheirOwnSeqsAndDecodeToEveryReadingOnce() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                UplinkSubscriber uplink = new UplinkSubscriber(broker.uri(), "uplink-thin");
                FleetRawSubscriber raw = new FleetRawSubscriber(broker.port(), null, null)) {
            List<GatewayCredential> list = gateways("vt", 2, "lake");
            VirtualFleet fleet = VirtualFleet.builder().broker(broker.uri()).gateways(list).profiles(PROFILES)
                    .readingsPerSecond(50).publishInterval(Duration.ofMillis(200))
                    .format(TelemetryForm.THIN).firstSeq(7).build();
            assertEquals(10, fleet.recordsPerPack());
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().readingsAcked() >= 100);
            fleet.stop(Duration.ofSeconds(5));
            FleetSnapshot end = fleet.stats();
            assertEquals(end.readingsPublished(), end.readingsAcked());
            await().atMost(WAIT).until(() -> list.stream()
                    .mapToLong(g -> uplink.records(g.gatewayId()).size()).sum() == end.readingsAcked());
            assertEquals(List.of(), uplink.errors());
            assertEquals(List.of(), uplink.conflicts());
            for (GatewayCredential g : list) {
                String gw = g.gatewayId();
                assertEquals(7L, uplink.seqs(gw).first());
                assertEquals(uplink.records(gw).size(), uplink.seqs(gw).size(), gw + ": a seq came twice");
                assertEquals(uplink.seqs(gw).last() - 6, uplink.seqs(gw).size(), gw + ": a gap");
                for (Mqtt5Publish p : raw.on(gw, TopicKind.TELEMETRY)) {
                    assertEquals(ContentType.SENML_CBOR.mime(), p.getContentType().orElseThrow().toString());
                    JsonNode pack = CBOR.readTree(p.getPayloadAsBytes());
                    JsonNode first = pack.get(0);
                    assertTrue(first.get("-3").isNumber(), "bt on the first record: " + first);
                    assertTrue(first.has("seq") && first.has("sr"), "seq, numbered by time, on the first record: "
                            + first);
                    assertNull(FleetRawSubscriber.userProperty(p, UserProperties.SEQ), "the pack numbers itself");
                    assertNull(FleetRawSubscriber.userProperty(p, UserProperties.SEQ_COUNT));
                    for (JsonNode r : pack) { // the topic names the gateway: thin names leave it out
                        assertFalse(r.has("-2") && r.get("-2").asText().startsWith(gw), "gateway in bn: " + r);
                        assertFalse(r.has("0") && r.get("0").asText().startsWith(gw), "gateway in n: " + r);
                    }
                    DecodedPack decoded = FleetRawSubscriber.decode(p);
                    assertEquals(List.of(), decoded.problems());
                    long firstSeq = decoded.samples().stream().mapToLong(Sample::seq).min().orElseThrow();
                    assertEquals(pack.size(), decoded.samples().size());
                    assertEquals(java.util.stream.LongStream.range(firstSeq, firstSeq + pack.size()).boxed().toList(),
                            decoded.samples().stream().map(Sample::seq).sorted().toList());
                    // whole seconds: the thin form's time resolution
                    assertTrue(decoded.samples().stream().allMatch(x -> x.timeMillis() % 1000 == 0));
                }
            }
        }
    }

    @Test
    void aWrongPasswordIsAConnectFailureAndTheOthersGoOn() throws Exception {
        MosquittoBroker broker = MosquittoBroker.create(tmp)
                .withPasswords("vp1", "right1", "vp2", "right2", "observer", "obs");
        try (broker; FleetRawSubscriber raw = new FleetRawSubscriber(broker.start().port(), "observer", "obs")) {
            List<GatewayCredential> list = List.of(GatewayCredential.of("vp1", "right1", "lake"),
                    GatewayCredential.of("vp2", "wrong", "lake"));
            VirtualFleet fleet = VirtualFleet.builder().broker(broker.uri()).gateways(list).profiles(PROFILES)
                    .readingsPerSecond(10).publishInterval(Duration.ofMillis(100)).build();
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().connectFailures() == 1
                    && fleet.stats().readingsAcked() >= 10);
            FleetSnapshot s = fleet.stats();
            assertEquals(1, s.connectedNow());
            assertEquals(1, s.births());
            String reason = s.connectFailuresByReason().keySet().iterator().next();
            assertTrue(reason.startsWith("CONNACK ") && (reason.contains("(134)") || reason.contains("(135)")),
                    reason);
            fleet.stop(Duration.ofSeconds(5));
            assertTrue(raw.on("vp2", TopicKind.STATE).isEmpty());
            assertTrue(raw.on("vp2", TopicKind.TELEMETRY).isEmpty());
            assertFalse(raw.on("vp1", TopicKind.TELEMETRY).isEmpty());
        }
    }

    @Test
    void whenTheBrokerIsGoneGatewaysKeepTakingReadingsAndSendThemAfterTheReconnect() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start()) {
            VirtualFleet fleet = VirtualFleet.builder().broker(broker.uri()).gateways(gateways("vr", 3, "lake"))
                    .profiles(PROFILES).readingsPerSecond(100).publishInterval(Duration.ofMillis(20)).maxInFlight(4)
                    .build();
            fleet.start();
            await().atMost(WAIT).until(() -> fleet.stats().births() == 3 && fleet.stats().readingsAcked() > 50);
            broker.stop();
            await().atMost(WAIT).until(() -> fleet.stats().connectedNow() == 0);
            // ticks keep coming while disconnected: every pack waits in the backlog, none is skipped
            await().atMost(WAIT).until(() -> fleet.stats().backlogReadings() > 30 * 2);
            FleetSnapshot down = fleet.stats();
            assertEquals(3, down.connectionsLost());
            assertEquals(0, down.inFlight());
            assertEquals(0, down.packsSkipped());
            assertEquals(down.messagesPublished(), down.messagesAcked() + down.messagesFailed());

            broker.start();
            await().atMost(WAIT).until(() -> fleet.stats().births() == 6 && fleet.stats().connectedNow() == 3);
            long backlogAfterOutage = fleet.stats().backlogReadings();
            long ackedBefore = fleet.stats().readingsAcked();
            await().atMost(WAIT).until(() -> fleet.stats().readingsAcked() > ackedBefore + backlogAfterOutage);
            fleet.stop(Duration.ofSeconds(5));
            FleetSnapshot end = fleet.stats();
            assertEquals(3, end.maxConnected());
            assertEquals(6, end.connects());
            assertEquals(end.readingsPublished(), end.readingsAcked() + end.readingsFailed());
            assertEquals(0, end.backlogReadings());
            assertEquals(0, end.readingsDropped());
            for (GatewayReport r : fleet.report()) {
                assertEquals(r.readingsTaken(), r.readingsAcked(), r.toString());
                assertEquals(r.nextSeq() - r.firstSeq(), r.readingsTaken(), r.toString());
            }
        }
    }

    @Test
    void badSettingsAreOneLineErrors() {
        List<GatewayCredential> one = List.of(GatewayCredential.of("vx1", "p", "submarine"));
        var e = org.junit.jupiter.api.Assertions.assertThrows(FleetConfigException.class,
                () -> VirtualFleet.builder().gateways(one).profiles(PROFILES).build());
        assertTrue(e.getMessage().startsWith("unknown profile 'submarine'"), e.getMessage());
        assertTrue(e.getMessage().contains("lake"), e.getMessage());
        var twice = new ArrayList<>(List.of(GatewayCredential.of("vx1", "p", "lake"),
                GatewayCredential.of("vx1", "q", "lake")));
        e = org.junit.jupiter.api.Assertions.assertThrows(FleetConfigException.class,
                () -> VirtualFleet.builder().gateways(twice).profiles(PROFILES).build());
        assertEquals("gateway vx1 is listed twice", e.getMessage());
        e = org.junit.jupiter.api.Assertions.assertThrows(FleetConfigException.class,
                () -> VirtualFleet.builder().broker("ssl://h:8883"));
        assertTrue(e.getMessage().contains("ssl://h:8883"));
        e = org.junit.jupiter.api.Assertions.assertThrows(FleetConfigException.class,
                () -> VirtualFleet.builder().gateways(List.of(GatewayCredential.of("vx1", "p", "lake")))
                        .profiles(PROFILES).readingsPerSecond(0).build());
        assertTrue(e.getMessage().contains("readings per second"));
    }
}
