package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.contract.mqtt.SeqRange;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.SenmlUnits;
import org.hanedge.contract.senml.ValueType;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The uplink's packs, read back with the contract's decoder, in every telemetry form. */
class MessageBuilderTest {
    static final Instant T = Instant.parse("2025-03-01T08:15:30.125Z");
    static final Precisions PRECISIONS = (device, channel) -> Map.of("conductivity", new BigDecimal("0.1"),
            "level", new BigDecimal("0.01")).get(channel);

    static OutboxEntry reading(long seq, Reading r) {
        return new OutboxEntry(seq, Priority.TELEMETRY, new Payload.OfReading(r));
    }

    static List<OutboxEntry> sample() {
        return List.of(
                reading(10, Reading.of("lake-sonde", "level", 1.2549, "m", T)),
                reading(11, Reading.of("lake-sonde", "conductivity", 448.6566162109375, "uS/cm", T)),
                reading(12, new Reading("lake-sonde", "pump", true, null, T, Quality.GOOD)),
                reading(13, new Reading("gps", "fix", "3D", null, T, Quality.UNCERTAIN)),
                reading(14, Reading.failed("gps", "speed", "m/s", T, Quality.BAD_COMM)),
                reading(15, Reading.of("gps", "course", Double.NaN, "deg", T)),
                reading(16, Reading.of("lake-sonde", "turbidity", 3.25, "NTU", T)));
    }

    static List<Sample> decode(OutgoingMessage m) throws Exception {
        DecodedPack pack = new SenmlDecoder(1 << 20).decode("gw1", m.payload(),
                SenmlFormat.detect(m.contentType().mime(), m.payload()), T.toEpochMilli(),
                new SeqRange(m.firstSeq(), m.seqs().size()));
        assertEquals(List.of(), pack.problems(), "every record readable");
        return pack.samples();
    }

    static Sample of(List<Sample> samples, String device, String channel) {
        return samples.stream().filter(s -> s.device().equals(device) && s.channel().equals(channel)).findFirst()
                .orElseThrow(() -> new AssertionError(device + "/" + channel + " missing in " + samples));
    }

    @ParameterizedTest
    @EnumSource(TelemetryForm.class)
    void valuesGoInRegisteredUnitsRoundedValueLessAsQualityRecords(TelemetryForm f) throws Exception {
        List<OutgoingMessage> msgs = new MessageBuilder("gw1", f, 16384, PRECISIONS).build(sample());
        assertEquals(1, msgs.size());
        OutgoingMessage m = msgs.get(0);
        assertEquals("telemetry", m.topicSuffix());
        assertEquals(f.contentType(), m.contentType());
        assertEquals(List.of(10L, 11L, 12L, 13L, 14L, 15L, 16L), m.seqs());
        List<Sample> s = decode(m);
        assertEquals(7, s.size());
        Set<Long> seqs = new HashSet<>();
        s.forEach(x -> seqs.add(x.seq()));
        assertEquals(Set.of(10L, 11L, 12L, 13L, 14L, 15L, 16L), seqs);

        Sample level = of(s, "lake-sonde", "level");
        assertEquals("m", level.unit());
        assertEquals(1.25, level.number(), "rounded to 0.01 m");
        assertEquals(10, level.seq());
        Sample cond = of(s, "lake-sonde", "conductivity");
        assertEquals("S/m", cond.unit(), "uS/cm is not registered: sent in S/m");
        assertEquals(448.7, SenmlUnits.convert(cond.number(), "S/m", "uS/cm"), 1e-9);
        assertEquals(new BigDecimal("0.04487"), new BigDecimal(Double.toString(cond.number())));
        Sample turbidity = of(s, "lake-sonde", "turbidity");
        assertNull(turbidity.unit(), "NTU has no registered unit: sent without u");
        assertEquals(3.25, turbidity.number(), "no precision declared: unrounded");
        assertEquals(Boolean.TRUE, of(s, "lake-sonde", "pump").bool());
        Sample fix = of(s, "gps", "fix");
        assertEquals("3D", fix.text());
        assertEquals("UNCERTAIN", fix.quality());
        Sample speed = of(s, "gps", "speed");
        assertEquals(ValueType.NONE, speed.type());
        assertEquals("BAD_COMM", speed.quality());
        assertEquals(14, speed.seq());
        Sample course = of(s, "gps", "course");
        assertEquals(ValueType.NONE, course.type());
        assertEquals("NON_FINITE", course.quality());
        long expectedTime = f == TelemetryForm.THIN ? 1740816930000L : T.toEpochMilli();
        assertEquals(expectedTime, level.timeMillis(), "thin: whole seconds; else milliseconds");
    }

    @ParameterizedTest
    @EnumSource(TelemetryForm.class)
    void splitsPacksAtTheSizeLimitAndSendsEveryRecordOnce(TelemetryForm f) throws Exception {
        List<OutboxEntry> entries = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            String dev = i % 7 == 0 ? "pump-" + (i % 3) : "lake-sonde";
            entries.add(reading(i + 1, Reading.of(dev, "ch" + (i % 13), i * 0.5, "m", T.plusMillis(i * 1000L))));
        }
        entries.add(3, new OutboxEntry(5000, Priority.TELEMETRY,
                new Payload.OfEvent("alarm", T, "{\"channel\":\"level\",\"state\":\"raised\"}")));
        int limit = 700;
        List<OutgoingMessage> msgs = new MessageBuilder("gw1", f, limit, Precisions.NONE).build(entries);
        assertTrue(msgs.size() > 3);
        Set<Long> seen = new HashSet<>();
        List<Long> order = new ArrayList<>();
        for (OutgoingMessage m : msgs) {
            assertTrue(m.payload().length <= limit, m + " exceeds " + limit);
            order.addAll(m.seqs());
            if (m.readings() == 0) {
                assertEquals("alarm", m.topicSuffix());
                continue;
            }
            List<Sample> samples = decode(m);
            assertEquals(m.seqs().size(), samples.size());
            for (Sample s : samples) {
                assertTrue(m.seqs().contains(s.seq()), "seq " + s.seq() + " announced by its message");
                assertTrue(seen.add(s.seq()), "seq " + s.seq() + " twice");
                int i = (int) s.seq() - 1;
                assertEquals(i * 0.5, s.number(), "value of seq " + s.seq());
                long expected = T.toEpochMilli() + i * 1000L;
                assertTrue(Math.abs(expected - s.timeMillis()) <= 500, "time of seq " + s.seq() + ": "
                        + s.timeMillis() + ", taken " + expected);
            }
        }
        assertEquals(1000, seen.size());
        assertEquals(entries.stream().map(OutboxEntry::seq).toList(), order, "entry order kept");
    }

    @Test
    void prioritiesAreNotMixedInOnePack() {
        MessageBuilder b = new MessageBuilder("gw1", TelemetryForm.JSON, 16384, Precisions.NONE);
        List<OutgoingMessage> msgs = b.build(List.of(
                new OutboxEntry(7, Priority.ALARM, new Payload.OfReading(Reading.of("a", "x", 1, "m", T))),
                reading(3, Reading.of("a", "x", 1, "m", T))));
        assertEquals(2, msgs.size());
        assertEquals(Priority.ALARM, msgs.get(0).priority());
    }
}
