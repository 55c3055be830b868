package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.PublishSize;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlUnits;
import org.hanedge.contract.senml.ValueType;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.PublishTap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The thin-link form with a gather window, against a real mosquitto, read back with the contract's decoder. */
class ThinGatherMqttTest {
    static final Duration LONG = Duration.ofSeconds(30);
    static final Instant T0 = Instant.parse("2025-03-01T00:00:00Z");
    static final Precisions PRECISIONS = (device, channel) -> channel.equals("conductivity")
            ? new BigDecimal("0.1") : channel.equals("level") ? new BigDecimal("0.01") : null;
    @TempDir
    static Path dir;
    static MosquittoBroker broker;

    final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = MosquittoBroker.create(dir.resolve("broker")).start();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.stop();
        }
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    private Sender thinSender(String gw, InMemoryOutbox outbox, Duration gather, int maxBytes) {
        return thinSender(gw, broker.uri(), outbox, gather, maxBytes);
    }

    private Sender thinSender(String gw, String uri, InMemoryOutbox outbox, Duration gather, int maxBytes) {
        UplinkSettings s = new UplinkSettings(gw, uri, null, null, TelemetryForm.THIN, null, null, null,
                maxBytes, 16, 1000, 60, 30, 100, 400, gather);
        StateDocuments docs = new StateDocuments(gw, "9.9.9-test", T0, Map::of, Map::of, dir.toFile());
        Sender sender = new Sender(s, outbox, docs, d -> null, 1000, null, ClockSource.SYSTEM, 0, PRECISIONS);
        cleanup.add(sender::stop);
        sender.start();
        return sender;
    }

    private Subscriber subscriber(String gw) throws Exception {
        Subscriber sub = new Subscriber(broker.uri(), Topics.ROOT + gw + "/#");
        cleanup.add(sub);
        return sub;
    }

    /** One batch: a level, a noisy conductivity, a boolean, a text and a value-less reading per second. */
    private static List<Payload> batch(int second) {
        Instant t = T0.plusSeconds(second);
        return List.of(
                new Payload.OfReading(Reading.of("sonde", "level", 1 + second / 100.0, "m", t)),
                new Payload.OfReading(Reading.of("sonde", "conductivity", 448.6566162109375 + second, "uS/cm", t)),
                new Payload.OfReading(new Reading("pump-1", "running", second % 2 == 0, null, t, Quality.GOOD)),
                new Payload.OfReading(new Reading("pump-1", "mode", "AUTO", null, t, Quality.UNCERTAIN)),
                new Payload.OfReading(Reading.failed("pump-1", "flow", "m3/h", t, Quality.BAD_COMM)));
    }

    /** (device, channel, value as the field unit would store it, time, quality, seq) of a decoded sample. */
    private static String key(Sample s) {
        String value = switch (s.type()) {
            case NUMBER -> norm(BigDecimal.valueOf("S/m".equals(s.unit())
                    ? SenmlUnits.convert(s.number(), "S/m", "uS/cm") : s.number()));
            case BOOLEAN -> s.bool().toString();
            case TEXT -> s.text();
            default -> "-";
        };
        return s.device() + "/" + s.channel() + "=" + value + "@" + s.timeMillis() + " q=" + s.quality() + " #"
                + s.seq();
    }

    private static String norm(BigDecimal v) {
        return v.setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static String expected(String device, String channel, String value, int second, String q, long seq) {
        return device + "/" + channel + "=" + value + "@" + T0.plusSeconds(second).toEpochMilli() + " q=" + q + " #"
                + seq;
    }

    @Test
    void readingsTakenOverTheWindowGoAsOneThinPackThatDecodesToExactlyWhatWasSent() throws Exception {
        String gw = "gw-thin-1";
        InMemoryOutbox outbox = new InMemoryOutbox();
        Subscriber sub = subscriber(gw);
        thinSender(gw, outbox, Duration.ofSeconds(5), 16384);
        Set<String> sent = new HashSet<>();
        long seq = 0;
        for (int second = 0; second < 4; second++) {
            outbox.append(Priority.TELEMETRY, batch(second));
            sent.add(expected("sonde", "level", norm(new BigDecimal("1.00").add(BigDecimal.valueOf(second, 2))),
                    second, null, ++seq));
            sent.add(expected("sonde", "conductivity", norm(new BigDecimal("448.7").add(BigDecimal.valueOf(second))),
                    second, null, ++seq));
            sent.add(expected("pump-1", "running", Boolean.toString(second % 2 == 0), second, null, ++seq));
            sent.add(expected("pump-1", "mode", "AUTO", second, "UNCERTAIN", ++seq));
            sent.add(expected("pump-1", "flow", "-", second, "BAD_COMM", ++seq));
            long taken = seq;
            // the uplink has taken the batch (it is held in flight, not sent): the next one comes in a later take
            await().atMost(LONG).until(() -> outbox.inFlight() == taken);
        }
        await().atMost(LONG).until(() -> outbox.unacknowledged() == 0);
        List<Subscriber.Received> packs = sub.on("telemetry");
        assertEquals(1, packs.size(), "four takes gathered into one pack");
        Subscriber.Received pack = packs.get(0);
        assertEquals(ContentType.SENML_CBOR.mime(), pack.contentType());
        assertEquals(Map.of(), pack.user(), "no seq / seq-count: the pack numbers its records itself");
        Set<String> received = new HashSet<>();
        for (Sample s : pack.samples()) {
            assertTrue(received.add(key(s)), "twice: " + key(s));
            if (s.channel().equals("conductivity")) {
                assertEquals("S/m", s.unit());
            }
            if (s.channel().equals("flow")) {
                assertEquals(ValueType.NONE, s.type());
            }
        }
        assertEquals(sent, received);
    }

    /**
     * What crosses the link, read by a relay between the gateway's Paho client and mosquitto (whose CONNACK allows
     * topic aliases): the session's first telemetry PUBLISH sets a Topic Alias with the topic name, every later one
     * has an empty topic name and the alias; no user properties; each exactly the size {@link PublishSize} says.
     */
    @Test
    void afterTheFirstPackTelemetryGoesWithATopicAliasAndNoUserProperties() throws Exception {
        String gw = "gw-thin-alias";
        InMemoryOutbox outbox = new InMemoryOutbox();
        Subscriber sub = subscriber(gw);
        PublishTap tap = new PublishTap(broker.port());
        cleanup.add(tap);
        thinSender(gw, tap.uri(), outbox, Duration.ofMillis(500), 16384);
        for (int pack = 0; pack < 3; pack++) {
            outbox.append(Priority.TELEMETRY, batch(pack));
            int expected = pack + 1;
            await().atMost(LONG).until(() -> sub.on("telemetry").size() == expected);
        }
        String topic = Topics.of(gw, TopicKind.TELEMETRY);
        List<PublishTap.Publish> sent = tap.publishes().stream().filter(p -> topic.equals(p.topic())).toList();
        assertEquals(3, sent.size(), tap.publishes().toString());
        PublishTap.Publish first = sent.get(0);
        assertEquals(topic, first.topicName());
        assertNotNull(first.topicAlias(), "mosquitto allows aliases: Paho sets one on the first publish");
        assertEquals(PublishSize.of(topic, 1, ContentType.SENML_CBOR.mime(), false, Map.of(), first.payloadBytes())
                + 3, first.bytes(), "topic name and alias");
        for (PublishTap.Publish later : sent.subList(1, 3)) {
            assertEquals("", later.topicName(), "the alias stands for the topic");
            assertEquals(first.topicAlias(), later.topicAlias());
            assertEquals(Map.of(), later.userProperties());
            assertEquals(PublishSize.aliased(1, ContentType.SENML_CBOR.mime(), false, Map.of(), later.payloadBytes()),
                    later.bytes());
        }
        // the broker resolved the alias: the subscriber got every pack on the topic, numbered exactly
        List<Long> seqs = new ArrayList<>();
        for (Subscriber.Received r : sub.on("telemetry")) {
            assertEquals(topic, r.topic());
            r.samples().stream().map(Sample::seq).sorted().forEach(seqs::add);
        }
        assertEquals(java.util.stream.LongStream.rangeClosed(1, 15).boxed().toList(), seqs);
    }

    @Test
    void alarmsGoAtOnceWhileTelemetryWaitsAndHeldReadingsStayInTheOutboxUntilPuback() throws Exception {
        String gw = "gw-thin-2";
        InMemoryOutbox outbox = new InMemoryOutbox();
        Subscriber sub = subscriber(gw);
        // a window far longer than the test: the telemetry is held for all of it
        Sender sender = thinSender(gw, outbox, UplinkSettings.MAX_GATHER, 16384);
        outbox.append(Priority.TELEMETRY, batch(0));
        await().atMost(LONG).until(() -> outbox.inFlight() == 5);
        outbox.append(Priority.ALARM, List.of(new Payload.OfEvent("alarm", T0,
                "{\"device\":\"sonde\",\"channel\":\"level\",\"state\":\"raised\"}")));
        await().atMost(LONG).until(() -> !sub.on("alarm").isEmpty());
        assertEquals("6", sub.on("alarm").get(0).user().get("seq"));
        assertEquals(ContentType.JSON.mime(), sub.on("alarm").get(0).contentType());
        await().atMost(LONG).until(() -> outbox.acknowledgedCount() == 1);
        assertEquals(List.of(), sub.on("telemetry"), "telemetry still gathering");
        assertEquals(5, outbox.unacknowledged(), "held readings are not deleted");

        sender.stop();
        assertEquals(0, outbox.inFlight(), "held readings released at the end of the session");
        assertEquals(5, outbox.unacknowledged());
        assertEquals(List.of(), sub.on("telemetry"));
    }

    @Test
    void fullPacksGoBeforeTheWindowEnds() throws Exception {
        String gw = "gw-thin-3";
        InMemoryOutbox outbox = new InMemoryOutbox();
        Subscriber sub = subscriber(gw);
        thinSender(gw, outbox, UplinkSettings.MAX_GATHER, 400);
        List<Payload> many = new ArrayList<>();
        for (int second = 0; second < 40; second++) {
            many.addAll(batch(second));
        }
        outbox.append(Priority.TELEMETRY, many);
        // the window is an hour: whatever arrives was sent because the packs were full (a last partial pack may
        // still be gathering)
        await().atMost(LONG).until(() -> sub.telemetrySeqs().size() >= 100);
        List<Long> seqs = sub.telemetrySeqs();
        assertEquals(seqs.size(), new HashSet<>(seqs).size(), "each reading once");
        assertTrue(sub.on("telemetry").size() >= 2, "several packs");
        for (Subscriber.Received r : sub.on("telemetry")) {
            assertTrue(r.payload().length <= 400, r.payload().length + " bytes");
        }
    }
}
