package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.databind.JsonNode;

class SenmlEncoderTest {
    static final Instant T = Instant.parse("2025-03-01T08:15:30.125Z");

    static List<OutboxEntry> sample() {
        return List.of(
                new OutboxEntry(10, Priority.TELEMETRY, new Payload.OfReading(Reading.of("lake-sonde", "level", 1.25, "m", T))),
                new OutboxEntry(11, Priority.TELEMETRY, new Payload.OfReading(
                        new Reading("lake-sonde", "pump", true, null, T, Quality.GOOD))),
                new OutboxEntry(12, Priority.TELEMETRY, new Payload.OfReading(
                        new Reading("gps", "fix", "3D", null, T, Quality.UNCERTAIN))),
                new OutboxEntry(13, Priority.TELEMETRY, new Payload.OfReading(
                        Reading.failed("gps", "speed", "m/s", T, Quality.BAD_COMM))),
                new OutboxEntry(14, Priority.TELEMETRY, new Payload.OfReading(
                        Reading.of("gps", "course", Double.NaN, "deg", T))));
    }

    private static JsonNode decode(SenmlFormat f, byte[] bytes) throws Exception {
        return (f == SenmlFormat.JSON ? Subscriber.JSON : Subscriber.CBOR).readTree(bytes);
    }

    /** Field label as decoded: the name for JSON, the RFC 8428 integer label (as text) for CBOR. */
    private static String l(SenmlFormat f, String name, int label) {
        return f == SenmlFormat.JSON ? name : Integer.toString(label);
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void encodesNamesUnitsValuesQualityAndSeq(SenmlFormat f) throws Exception {
        MessageBuilder b = new MessageBuilder("gw1", new SenmlEncoder(f), 16384);
        List<OutgoingMessage> msgs = b.build(sample());
        assertEquals(1, msgs.size());
        OutgoingMessage m = msgs.get(0);
        assertEquals("telemetry", m.topicSuffix());
        assertEquals(f.contentType(), m.contentType());
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L), m.seqs());
        JsonNode pack = decode(f, m.payload());
        assertEquals(5, pack.size());
        JsonNode r0 = pack.get(0);
        assertEquals("gw1/lake-sonde/", r0.get(l(f, "bn", -2)).asText());
        assertEquals("level", r0.get(l(f, "n", 0)).asText());
        assertEquals("m", r0.get(l(f, "u", 1)).asText());
        assertEquals(1.25, r0.get(l(f, "v", 2)).asDouble());
        assertEquals(1740816930.125, r0.get(l(f, "t", 6)).asDouble(), 1e-6);
        assertNull(r0.get("q"));
        assertEquals(10, r0.get("seq").asLong());
        JsonNode r1 = pack.get(1);
        assertNull(r1.get(l(f, "bn", -2)), "same device run: no base name");
        assertTrue(r1.get(l(f, "vb", 4)).asBoolean());
        assertNull(r1.get(l(f, "u", 1)));
        JsonNode r2 = pack.get(2);
        assertEquals("gw1/gps/", r2.get(l(f, "bn", -2)).asText());
        assertEquals("3D", r2.get(l(f, "vs", 3)).asText());
        assertEquals("UNCERTAIN", r2.get("q").asText());
        JsonNode r3 = pack.get(3);
        assertEquals("BAD_COMM", r3.get("q").asText());
        assertNull(r3.get(l(f, "v", 2)));
        assertEquals(13, r3.get("seq").asLong());
        assertEquals("NON_FINITE", pack.get(4).get("q").asText());
        assertNull(pack.get(4).get(l(f, "v", 2)));
        if (f == SenmlFormat.JSON) {
            assertTrue(new String(m.payload()).contains("\"t\":1740816930.125"), new String(m.payload()));
        }
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void splitsPacksAtTheSizeLimitAndSendsEveryRecordOnce(SenmlFormat f) throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String dev = i % 7 == 0 ? "pump-" + (i % 3) : "lake-sonde";
            entries.add(new OutboxEntry(i + 1, Priority.TELEMETRY,
                    new Payload.OfReading(Reading.of(dev, "ch" + (i % 13), i * 0.5, "m", T.plusMillis(i)))));
        }
        entries.add(3, new OutboxEntry(5000, Priority.TELEMETRY,
                new Payload.OfEvent("alarm", T, "{\"channel\":\"level\",\"state\":\"raised\"}")));
        int limit = 700;
        MessageBuilder b = new MessageBuilder("gw1", new SenmlEncoder(f), limit);
        List<OutgoingMessage> msgs = b.build(entries);
        assertTrue(msgs.size() > 10);
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        for (OutgoingMessage m : msgs) {
            assertTrue(m.payload().length <= limit, m + " exceeds " + limit);
            if (m.readings() == 0) {
                assertEquals("alarm", m.topicSuffix());
                order.addAll(m.seqs());
                continue;
            }
            JsonNode pack = decode(f, m.payload());
            assertEquals(m.seqs().size(), pack.size());
            assertFalse(pack.get(0).path(l(f, "bn", -2)).isMissingNode(), "every pack starts with a base name");
            for (int i = 0; i < pack.size(); i++) {
                long seq = pack.get(i).get("seq").asLong();
                assertEquals(m.seqs().get(i), seq);
                assertTrue(seen.add(seq), "seq " + seq + " twice");
                order.add(seq);
            }
        }
        assertEquals(1000, seen.size());
        List<Long> expected = entries.stream().map(OutboxEntry::seq).toList();
        assertEquals(expected, order, "entry order kept");
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void packSizeIsExact(SenmlFormat f) {
        SenmlEncoder e = new SenmlEncoder(f);
        for (int n : new int[] {0, 1, 23, 24, 255, 256, 300}) {
            List<byte[]> recs = new ArrayList<>();
            long sum = 0;
            for (int i = 0; i < n; i++) {
                byte[] r = e.encodeRecord(i == 0 ? "gw/d/" : null, Reading.of("d", "c", i, "m", T), i);
                recs.add(r);
                sum += r.length;
            }
            assertEquals(e.pack(recs).length, e.packSize(n, sum), "n=" + n);
        }
    }

    @org.junit.jupiter.api.Test
    void prioritiesAreNotMixedInOnePack() {
        MessageBuilder b = new MessageBuilder("gw1", new SenmlEncoder(SenmlFormat.JSON), 16384);
        List<OutgoingMessage> msgs = b.build(List.of(
                new OutboxEntry(7, Priority.ALARM, new Payload.OfReading(Reading.of("a", "x", 1, "m", T))),
                new OutboxEntry(3, Priority.TELEMETRY, new Payload.OfReading(Reading.of("a", "x", 1, "m", T)))));
        assertEquals(2, msgs.size());
        assertEquals(Priority.ALARM, msgs.get(0).priority());
    }
}
