package org.hanedge.contract.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.contract.mqtt.SeqRange;
import org.junit.jupiter.api.Test;

class SenmlRoundTripTest {
    static final long T0 = 1_796_000_000_000L;
    static final SenmlDecoder DECODER = new SenmlDecoder(1 << 20);

    static List<Sample> samples() {
        List<Sample> s = new ArrayList<>();
        s.add(Sample.number("lake-sonde", "conductivity", "uS/cm", 448.6566162109375, T0, null, 100));
        s.add(Sample.number("lake-sonde", "water_temperature", "Cel", 29.25, T0, null, 101));
        s.add(Sample.number("lake-sonde", "turbidity", "NTU", 12.3456, T0, "UNCERTAIN", 102));
        s.add(Sample.noValue("lake-sonde", "ph", T0, "BAD_COMM", 103));
        s.add(Sample.bool("pump", "pump_running", true, T0 + 1500, null, 105));
        s.add(Sample.text("pump", "status", "ok", T0 + 2000, null, 106));
        s.add(Sample.number("pump", "flow", "m3/h", Double.NaN, T0 + 2000, null, 107));
        s.add(Sample.number("lake-sonde", "conductivity", "uS/cm", 450.04, T0 + 10_000, null, 110));
        return s;
    }

    static final Precisions PRECISIONS = (d, c) -> c.equals("conductivity") ? new BigDecimal("0.1")
            : c.equals("turbidity") ? new BigDecimal("0.01") : null;

    @Test
    void jsonRoundTripRoundsConvertsAndKeepsOneValuePerRecord() throws Exception {
        byte[] pack = new SenmlEncoder(SenmlFormat.JSON).encodePack("gw1", samples(), PRECISIONS);
        String text = new String(pack, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"u\":\"S/m\",\"t\":1796000000.000,\"v\":0.04487"), text);
        assertTrue(text.contains("{\"n\":\"ph:q\",\"t\":1796000000.000,\"vs\":\"BAD_COMM\",\"seq\":103}"), text);
        assertTrue(text.contains("\"n\":\"flow:q\""), text);
        checkDecoded(DECODER.decode("gw1", pack, SenmlFormat.JSON, 0));
    }

    @Test
    void cborRoundTrip() throws Exception {
        byte[] pack = new SenmlEncoder(SenmlFormat.CBOR).encodePack("gw1", samples(), PRECISIONS);
        checkDecoded(DECODER.decode("gw1", pack, SenmlFormat.CBOR, 0));
    }

    @Test
    void thinRoundTripGivesTheSameSamplesWithTimesAtOneSecond() throws Exception {
        byte[] pack = new ThinEncoder(1000).encode("gw1", samples(), PRECISIONS);
        DecodedPack d = DECODER.decode("gw1", pack, SenmlFormat.CBOR, 0);
        assertEquals(List.of(), d.problems());
        List<Sample> got = new ArrayList<>(d.samples());
        got.sort((a, b) -> Long.compare(a.seq(), b.seq()));
        assertEquals(8, got.size());
        assertEquals(List.of(100L, 101L, 102L, 103L, 105L, 106L, 107L, 110L), got.stream().map(Sample::seq).toList());
        assertEquals(T0 + 2000, got.get(4).timeMillis()); // 1.5 s rounded half up to 2 s
        checkValues(got);
    }

    private static void checkDecoded(DecodedPack d) {
        assertEquals(List.of(), d.problems());
        List<Sample> got = d.samples();
        assertEquals(8, got.size());
        assertEquals(T0 + 1500, got.get(4).timeMillis());
        checkValues(got);
    }

    private static void checkValues(List<Sample> got) {
        Sample cond = got.get(0);
        assertEquals("lake-sonde", cond.device());
        assertEquals("conductivity", cond.channel());
        assertEquals("S/m", cond.unit());
        assertEquals(0.04487, cond.number());
        assertEquals(448.7, SenmlUnits.convert(cond.number(), "S/m", "uS/cm"));
        assertEquals(T0, cond.timeMillis());
        assertEquals(29.25, got.get(1).number());
        assertEquals("Cel", got.get(1).unit());
        Sample turb = got.get(2);
        assertNull(turb.unit(), "NTU is not registered");
        assertEquals(12.35, turb.number());
        assertEquals("UNCERTAIN", turb.quality());
        Sample ph = got.get(3);
        assertEquals(ValueType.NONE, ph.type());
        assertEquals("ph", ph.channel());
        assertEquals("BAD_COMM", ph.quality());
        assertEquals(Boolean.TRUE, got.get(4).bool());
        assertEquals("ok", got.get(5).text());
        assertEquals("NON_FINITE", got.get(6).quality());
        assertEquals("flow", got.get(6).channel());
        assertEquals(450.0, SenmlUnits.convert(got.get(7).number(), "S/m", "uS/cm"));
    }

    @Test
    void packSizeIsExact() {
        for (SenmlFormat f : SenmlFormat.values()) {
            SenmlEncoder enc = new SenmlEncoder(f);
            List<byte[]> records = new ArrayList<>();
            long sum = 0;
            for (int i = 0; i < 300; i++) {
                byte[] r = enc.encodeRecord(i == 0 ? "gw1/d/" : null,
                        Sample.number("d", "c", "V", i * 0.5, T0, null, i), null);
                records.add(r);
                sum += r.length;
                assertEquals(enc.packSize(records.size(), sum), enc.pack(records).length, f + " x" + records.size());
            }
        }
    }

    @Test
    void baseFieldsAndRelativeTimesOfAnyProducer() throws Exception {
        String json = "[{\"bver\":10,\"bn\":\"gw1/dev/\",\"bt\":1796000000,\"bu\":\"Cel\",\"bv\":20,\"bs\":100,"
                + "\"n\":\"a\",\"v\":1.5,\"seq\":7},"
                + "{\"n\":\"a\",\"t\":10,\"v\":2},"
                + "{\"bt\":0,\"n\":\"b\",\"t\":-5,\"u\":\"%RH\",\"v\":40},"
                + "{\"n\":\"energy\",\"s\":5}]";
        DecodedPack d = DECODER.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, 5_000_000);
        assertEquals(List.of(), d.problems());
        List<Sample> s = d.samples();
        assertEquals(21.5, s.get(0).number());
        assertEquals("Cel", s.get(0).unit());
        assertEquals(1_796_000_000_000L, s.get(0).timeMillis());
        assertEquals(7, s.get(0).seq());
        assertEquals(1_796_000_010_000L, s.get(1).timeMillis());
        assertEquals(8, s.get(1).seq(), "implicit: previous + 1");
        assertEquals(4_995_000, s.get(2).timeMillis(), "relative to now");
        assertEquals("%RH", s.get(2).unit());
        assertEquals(ValueType.NONE, s.get(3).type());
        assertEquals(105.0, s.get(3).sum());
    }

    @Test
    void userPropertySeqNumbersAPackWithoutSeq() throws Exception {
        String json = "[{\"bn\":\"gw1/dev/\",\"n\":\"a\",\"v\":1},{\"n\":\"b\",\"v\":2}]";
        DecodedPack d = DECODER.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, 0,
                new SeqRange(500, 2));
        assertEquals(List.of(500L, 501L), d.samples().stream().map(Sample::seq).toList());
    }

    @Test
    void floatNoiseIsGoneAndCborPicksTheSmallestExactNumber() throws Exception {
        SenmlEncoder cbor = new SenmlEncoder(SenmlFormat.CBOR);
        byte[] r = cbor.encodeRecord(null, Sample.number("d", "c", "Cel", 28.299999237060547, 0, null, 1),
                new BigDecimal("0.1"));
        byte[] plain = cbor.encodeRecord(null, Sample.number("d", "c", "Cel", 28.0, 0, null, 1), null);
        assertTrue(plain.length < r.length, "an integer is shorter than a float");
        DecodedPack d = DECODER.decode("gw1", cbor.pack(List.of(cbor.encodeRecord("gw1/d/",
                Sample.number("d", "c", "Cel", 28.299999237060547, 0, null, 1), new BigDecimal("0.1")))),
                SenmlFormat.CBOR, 0);
        assertEquals(28.3, d.samples().get(0).number());
    }

    @Test
    void thinNamesLeaveTheGatewayToTheTopic() throws Exception {
        byte[] pack = new ThinEncoder(1000).encode("gw1", samples(), PRECISIONS);
        String raw = new String(pack, StandardCharsets.ISO_8859_1);
        assertFalse(raw.contains("gw1"), "no gateway id in a thin pack");
        assertTrue(raw.contains("lake-sonde/conductivity"), "bn = {device}/{channel}");
        List<Sample> asGw2 = DECODER.decode("gw2", pack, SenmlFormat.CBOR, 0).samples();
        assertEquals(8, asGw2.size());
        assertEquals("lake-sonde", asGw2.get(asGw2.size() - 1).device(), "the topic's gateway owns the names");
        byte[] full = new ThinEncoder(1000, true).encode("gw1", samples(), PRECISIONS);
        assertTrue(new String(full, StandardCharsets.ISO_8859_1).contains("gw1/lake-sonde/conductivity"));
        assertEquals(SenmlProblem.FOREIGN_NAME, DECODER.decode("gw2", full, SenmlFormat.CBOR, 0).problems().get(0)
                .problem(), "full names still have to be the sender's");
        assertTrue(full.length - pack.length >= 2 * "gw1/".length(), "at least the two devices' base names without "
                + "\"gw1/\": " + pack.length + " vs " + full.length);
    }

    @Test
    void aTwoPartNameOfAnyProducerBelongsToTheTopicsGateway() throws Exception {
        String json = "[{\"bn\":\"pump/\",\"n\":\"level\",\"v\":1.5,\"seq\":3}]";
        Sample s = DECODER.decode("gw7", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, 0).samples().get(0);
        assertEquals("pump", s.device());
        assertEquals("level", s.channel());
    }

    @Test
    void thinNumbersAreTheSmallestExactCborNumber() throws Exception {
        assertEquals(0x4EC0, ThinCbor.exactHalf(27.0f));
        assertEquals(0x3C00, ThinCbor.exactHalf(1.0f));
        assertEquals(-1, ThinCbor.exactHalf(0.1f), "0.1 is not a float16");
        assertEquals(-1, ThinCbor.exactHalf(70000f), "beyond float16's range");
        for (String v : List.of("21.5", "0.25", "28.3", "-3.75", "1234.5", "0.04487", "700", "-2")) {
            Sample in = Sample.number("d", "c", "Cel", Double.parseDouble(v), T0, null, 9);
            byte[] pack = new ThinEncoder(1000).encode("gw1", List.of(in), Precisions.NONE);
            Sample out = DECODER.decode("gw1", pack, SenmlFormat.CBOR, 0).samples().get(0);
            assertEquals(Double.parseDouble(v), out.number(), v);
        }
        String half = hex(thin("21.5"));
        assertTrue(half.contains("02f94d60"), "v: float16 0x4d60 in " + half);
        assertEquals(thin("28.3").length - 2, thin("21.5").length, "float16 is 2 bytes shorter than float32");
        assertTrue(hex(thin("28.3")).contains("02fa41e26666"), "v: float32 28.3");
    }

    private static byte[] thin(String v) {
        return new ThinEncoder(1000).encode("gw1", List.of(Sample.number("d", "c", "Cel", Double.parseDouble(v), T0,
                null, 9)), Precisions.NONE);
    }

    private static String hex(byte[] b) {
        return java.util.HexFormat.of().formatHex(b);
    }
}
