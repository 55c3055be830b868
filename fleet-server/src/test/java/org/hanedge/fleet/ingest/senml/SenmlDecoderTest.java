package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/** Round trips of packs encoded exactly as the gateway encodes them. */
class SenmlDecoderTest {
    static final long NOW = Instant.parse("2026-11-27T05:00:00Z").toEpochMilli();
    static final Instant T0 = Instant.parse("2026-11-27T04:59:30.125Z");
    final SenmlDecoder decoder = new SenmlDecoder(262_144, Clock.fixed(Instant.ofEpochMilli(NOW), ZoneOffset.UTC));

    static List<Reading> mixedReadings() {
        return List.of(
                Reading.of("lake-sonde", "water_level", 1.25, "m", T0),
                Reading.of("lake-sonde", "water_temperature", 29.5, "Cel", T0.plusMillis(1)),
                new Reading("lake-sonde", "wiper_fault", Boolean.TRUE, null, T0.plusMillis(2), Quality.GOOD),
                new Reading("boat-gps", "position_fix", "3D \"fix\" ✓", null, T0.plusMillis(3), Quality.GOOD),
                new Reading("boat-gps", "speed", 4.5, "m/s", T0.plusMillis(4), Quality.UNCERTAIN),
                Reading.failed("lake-sonde", "ph", "pH", T0.plusMillis(5), Quality.BAD_COMM),
                Reading.of("lake-sonde", "turbidity", Double.NaN, "NTU", T0.plusMillis(6)),
                Reading.of("lake-sonde", "conductivity", Double.NEGATIVE_INFINITY, "uS/cm", T0.plusMillis(7)));
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void decodesEveryKindOfRecordTheGatewaySends(SenmlFormat format) throws Exception {
        byte[] payload = GatewayEncoder.pack(format, "gw1", mixedReadings(), 100);

        DecodedPack pack = decoder.decode("gw1", payload, format);

        assertThat(pack.problems()).isEmpty();
        long t = T0.toEpochMilli();
        assertThat(pack.records()).containsExactly(
                new SenmlRecord(0, "lake-sonde", "water_level", "m", ValueType.NUMBER, 1.25, null, null, t, null, 100),
                new SenmlRecord(1, "lake-sonde", "water_temperature", "Cel", ValueType.NUMBER, 29.5, null, null, t + 1,
                        null, 101),
                new SenmlRecord(2, "lake-sonde", "wiper_fault", null, ValueType.BOOLEAN, Double.NaN, true, null, t + 2,
                        null, 102),
                new SenmlRecord(3, "boat-gps", "position_fix", null, ValueType.TEXT, Double.NaN, null, "3D \"fix\" ✓",
                        t + 3, null, 103),
                new SenmlRecord(4, "boat-gps", "speed", "m/s", ValueType.NUMBER, 4.5, null, null, t + 4, "UNCERTAIN",
                        104),
                new SenmlRecord(5, "lake-sonde", "ph", "pH", ValueType.NONE, Double.NaN, null, null, t + 5, "BAD_COMM",
                        105),
                new SenmlRecord(6, "lake-sonde", "turbidity", "NTU", ValueType.NONE, Double.NaN, null, null, t + 6,
                        "NON_FINITE", 106),
                new SenmlRecord(7, "lake-sonde", "conductivity", "uS/cm", ValueType.NONE, Double.NaN, null, null,
                        t + 7, "NON_FINITE", 107));
        assertThat(pack.records().get(2).numeric()).isEqualTo(1.0);
        assertThat(pack.records().get(0).numeric()).isEqualTo(1.25);
    }

    @Test
    void jsonIsTheDocumentedWireFormat() throws Exception {
        byte[] payload = GatewayEncoder.pack(SenmlFormat.JSON, "gw1",
                List.of(Reading.of("lake-sonde", "water_level", 1.25, "m", Instant.parse("2025-03-01T08:15:30.125Z"))),
                7);
        assertThat(new String(payload, StandardCharsets.UTF_8)).isEqualTo(
                "[{\"bn\":\"gw1/lake-sonde/\",\"n\":\"water_level\",\"u\":\"m\",\"t\":1740816930.125,\"v\":1.25,\"seq\":7}]");

        SenmlRecord r = decoder.decode("gw1", payload, SenmlFormat.JSON).records().get(0);
        assertThat(r.timeMillis()).isEqualTo(Instant.parse("2025-03-01T08:15:30.125Z").toEpochMilli());
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void aLargePackKeepsMillisecondTimesAndSeqs(SenmlFormat format) throws Exception {
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            readings.add(Reading.of(i % 7 == 0 ? "dev-b" : "dev-a", "ch" + (i % 5), i * 0.001,
                    "m", T0.plusMillis(i * 37L)));
        }
        DecodedPack pack = decoder.decode("gw-big", GatewayEncoder.pack(format, "gw-big", readings, 1L << 40), format);

        assertThat(pack.problems()).isEmpty();
        assertThat(pack.records()).hasSize(1000);
        for (int i = 0; i < 1000; i++) {
            SenmlRecord r = pack.records().get(i);
            assertThat(r.timeMillis()).isEqualTo(T0.toEpochMilli() + i * 37L);
            assertThat(r.seq()).isEqualTo((1L << 40) + i);
            assertThat(r.deviceId()).isEqualTo(i % 7 == 0 ? "dev-b" : "dev-a");
            assertThat(r.number()).isEqualTo(i * 0.001);
        }
    }

    @Test
    void relativeAndMissingTimesCountFromNow() throws Exception {
        String json = "[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"t\":-2.5,\"v\":1,\"seq\":1},"
                + "{\"n\":\"b\",\"t\":0,\"v\":2,\"seq\":2},"
                + "{\"n\":\"c\",\"v\":3,\"seq\":3},"
                + "{\"n\":\"d\",\"t\":268435455,\"v\":4,\"seq\":4},"
                + "{\"n\":\"e\",\"t\":268435456,\"v\":5,\"seq\":5}]";

        DecodedPack pack = decoder.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, NOW);

        assertThat(pack.records()).extracting(SenmlRecord::timeMillis)
                .containsExactly(NOW - 2500, NOW, NOW, NOW + 268_435_455_000L, 268_435_456_000L);
    }

    @Test
    void relativeCborTimeUsesTheClockOfTheDecoder() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray(null, 1);
            g.writeStartObject(null, 5);
            g.writeFieldId(-2);
            g.writeString("gw1/d/");
            g.writeFieldId(0);
            g.writeString("a");
            g.writeFieldId(6);
            g.writeNumber(-10.0);
            g.writeFieldId(4);
            g.writeBoolean(false);
            g.writeFieldName("seq");
            g.writeNumber(9);
            g.writeEndObject();
            g.writeEndArray();
        }
        SenmlRecord r = decoder.decode("gw1", out.toByteArray(), SenmlFormat.CBOR).records().get(0);
        assertThat(r.timeMillis()).isEqualTo(NOW - 10_000);
        assertThat(r.bool()).isFalse();
    }

    @Test
    void cborAcceptsTextKeysAndIndefiniteLengthMapsToo() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray(); // indefinite length
            g.writeStartObject(); // indefinite length
            g.writeFieldName("bn");
            g.writeString("gw1/d/");
            g.writeFieldName("n");
            g.writeString("a");
            g.writeFieldName("u");
            g.writeString("m");
            g.writeFieldName("t");
            g.writeNumber(1740816930L);
            g.writeFieldName("v");
            g.writeNumber(3); // an integer value
            g.writeFieldName("seq");
            g.writeNumber(4);
            g.writeEndObject();
            g.writeEndArray();
        }
        SenmlRecord r = decoder.decode("gw1", out.toByteArray(), SenmlFormat.CBOR).records().get(0);
        assertThat(r).isEqualTo(new SenmlRecord(0, "d", "a", "m", ValueType.NUMBER, 3.0, null, null,
                1_740_816_930_000L, null, 4));
    }

    @Test
    void nameMayBeSplitOtherwiseBetweenBaseNameAndName() throws Exception {
        String json = "[{\"bn\":\"gw1/\",\"n\":\"d1/level\",\"v\":1,\"seq\":1},"
                + "{\"n\":\"d2/flow\",\"v\":2,\"seq\":2},"
                + "{\"bn\":\"gw1/d3/level\",\"v\":3,\"seq\":3},"
                + "{\"bn\":\"\",\"n\":\"gw1/d4/x\",\"v\":4,\"seq\":4},"
                + "{\"bn\":\"gw1/d5/\",\"n\":\"a\",\"v\":5,\"seq\":5,\"ut\":60,\"bver\":10,\"extra\":{\"x\":[1,2]}}]";

        DecodedPack pack = decoder.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, NOW);

        assertThat(pack.problems()).isEmpty();
        assertThat(pack.records()).extracting(r -> r.deviceId() + "|" + r.channel())
                .containsExactly("d1|level", "d2|flow", "d3|level", "d4|x", "d5|a");
    }

    @Test
    void explicitGoodQualityIsStoredAsNull() throws Exception {
        String json = "[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"q\":\"GOOD\",\"seq\":1}]";
        SenmlRecord r = decoder.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON).records()
                .get(0);
        assertThat(r.quality()).isNull();
    }

    @Test
    void emptyPackIsNoRecords() throws Exception {
        assertThat(decoder.decode("gw1", " [ ] ".getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON).records())
                .isEmpty();
        assertThat(decoder.decode("gw1", new byte[] {(byte) 0x80}, SenmlFormat.CBOR).records()).isEmpty();
    }
}
