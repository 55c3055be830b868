package org.hanedge.contract.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.eclipse.leshan.senml.SenMLDecoder;
import org.eclipse.leshan.senml.SenMLPack;
import org.eclipse.leshan.senml.SenMLRecord;
import org.eclipse.leshan.senml.cbor.upokecenter.SenMLCborUpokecenterEncoderDecoder;
import org.eclipse.leshan.senml.json.jackson.SenMLJsonJacksonEncoderDecoder;
import org.hanedge.contract.mqtt.SeqRange;
import org.junit.jupiter.api.Test;

/**
 * Conformance with an independent implementation: Eclipse Leshan's SenML JSON (Jackson) and CBOR (upokecenter)
 * codecs decode our JSON, CBOR and thin packs and see the same names, values and times as our decoder; packs
 * Leshan encodes, with base name and base time, decode through ours to the same samples.
 */
class LeshanConformanceTest {
    static final SenmlDecoder OURS = new SenmlDecoder(1 << 20);

    /** name, value (number / boolean / string), time in ms, resolved as RFC 8428 says. */
    record Seen(String name, Object value, long timeMillis) {
    }

    @Test
    void leshanReadsOurJson() throws Exception {
        byte[] pack = new SenmlEncoder(SenmlFormat.JSON).encodePack("gw1", SenmlRoundTripTest.samples(),
                SenmlRoundTripTest.PRECISIONS);
        compare(new SenMLJsonJacksonEncoderDecoder(), pack, SenmlFormat.JSON);
    }

    @Test
    void leshanReadsOurCbor() throws Exception {
        byte[] pack = new SenmlEncoder(SenmlFormat.CBOR).encodePack("gw1", SenmlRoundTripTest.samples(),
                SenmlRoundTripTest.PRECISIONS);
        compare(new SenMLCborUpokecenterEncoderDecoder(), pack, SenmlFormat.CBOR);
    }

    @Test
    void leshanReadsOurThinForm() throws Exception {
        byte[] pack = new ThinEncoder(1000).encode("gw1", SenmlRoundTripTest.samples(), SenmlRoundTripTest.PRECISIONS);
        compare(new SenMLCborUpokecenterEncoderDecoder(), pack, SenmlFormat.CBOR);
    }

    @Test
    void leshanReadsThinPacksNumberedByTheirTimes() throws Exception {
        List<Sample> consecutive = new ArrayList<>();
        for (Sample s : SenmlRoundTripTest.samples()) {
            consecutive.add(new Sample(s.device(), s.channel(), s.unit(), s.type(), s.number(), s.bool(), s.text(),
                    s.sum(), s.timeMillis(), s.quality(), 100 + consecutive.size()));
        }
        byte[] pack = new ThinEncoder(1000).encode("gw1", consecutive, SenmlRoundTripTest.PRECISIONS);
        assertTrue(java.util.HexFormat.of().formatHex(pack).contains("627372"), "\"sr\" in the pack");
        compare(new SenMLCborUpokecenterEncoderDecoder(), pack, SenmlFormat.CBOR);
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < 40; i++) {
            compare(new SenMLCborUpokecenterEncoderDecoder(), new ThinEncoder(1000).encode("gw1",
                    ThinSeqTest.pollsOverAWindow(r, 2 + r.nextInt(120)), ThinSeqTest.PRECISIONS), SenmlFormat.CBOR);
        }
    }

    @Test
    void packsLeshanWritesWithBaseFieldsDecodeThroughOurs() throws Exception {
        BigDecimal bt = new BigDecimal("1796000000");
        List<SenMLRecord> records = List.of(
                new SenMLRecord("gw1/lake-sonde/", bt, "water_temperature", new BigDecimal("0"), 28.5, null, null,
                        null, null),
                new SenMLRecord(null, null, "wiper_fault", new BigDecimal("10"), null, false, null, null, null),
                new SenMLRecord(null, null, "sonde_status", new BigDecimal("20.5"), null, null, null, "ok", null),
                new SenMLRecord("gw1/pump/", null, "level", null, 3L, null, null, null, null));
        SenMLPack pack = new SenMLPack(records);
        for (var codec : List.of(new SenMLJsonJacksonEncoderDecoder(), new SenMLCborUpokecenterEncoderDecoder())) {
            byte[] bytes = codec.toSenML(pack);
            SenmlFormat format = codec instanceof SenMLJsonJacksonEncoderDecoder ? SenmlFormat.JSON : SenmlFormat.CBOR;
            DecodedPack d = OURS.decode("gw1", bytes, format, 0, new SeqRange(40, 4));
            assertEquals(List.of(), d.problems(), format.name());
            List<Sample> s = d.samples();
            assertEquals(4, s.size());
            assertEquals(28.5, s.get(0).number());
            assertEquals(1_796_000_000_000L, s.get(0).timeMillis());
            assertEquals(Boolean.FALSE, s.get(1).bool());
            assertEquals(1_796_000_010_000L, s.get(1).timeMillis());
            assertEquals("ok", s.get(2).text());
            assertEquals(1_796_000_020_500L, s.get(2).timeMillis());
            assertEquals("pump", s.get(3).device());
            assertEquals(3.0, s.get(3).number());
            assertEquals(1_796_000_000_000L, s.get(3).timeMillis(), "bt still applies");
            assertEquals(List.of(40L, 41L, 42L, 43L), s.stream().map(Sample::seq).toList());
        }
    }

    private static void compare(SenMLDecoder leshan, byte[] pack, SenmlFormat format) throws Exception {
        SenMLPack theirs = leshan.fromSenML(pack);
        List<Seen> theirView = new ArrayList<>();
        String bn = "";
        BigDecimal bt = BigDecimal.ZERO;
        for (SenMLRecord r : theirs.getRecords()) {
            if (r.getBaseName() != null) {
                bn = r.getBaseName();
            }
            if (r.getBaseTime() != null) {
                bt = r.getBaseTime();
            }
            BigDecimal t = bt.add(r.getTime() == null ? BigDecimal.ZERO : r.getTime());
            Object v = r.getNumberValue() != null ? (Object) r.getNumberValue().doubleValue()
                    : r.getBooleanValue() != null ? r.getBooleanValue() : r.getStringValue();
            String name = bn + (r.getName() == null ? "" : r.getName());
            // {device}/{channel} (the thin form): the gateway is the topic's, as the contract's name rule says
            name = name.indexOf('/') == name.lastIndexOf('/') ? "gw1/" + name : name;
            theirView.add(new Seen(name, v,
                    t.movePointRight(3).longValue()));
        }
        List<Seen> ourView = new ArrayList<>();
        for (Sample s : OURS.decode("gw1", pack, format, 0).samples()) {
            Object v = switch (s.type()) {
                case NUMBER -> s.number();
                case BOOLEAN -> s.bool();
                case TEXT -> s.text();
                default -> s.quality();
            };
            String channel = s.type() == ValueType.NONE ? s.channel() + ":q" : s.channel();
            ourView.add(new Seen("gw1/" + s.device() + "/" + channel, v, s.timeMillis()));
        }
        Comparator<Seen> order = Comparator.comparing(Seen::name).thenComparing(Seen::timeMillis);
        theirView.sort(order);
        ourView.sort(order);
        assertEquals(ourView.size(), theirView.size());
        for (int i = 0; i < ourView.size(); i++) {
            Seen a = ourView.get(i);
            Seen b = theirView.get(i);
            assertEquals(a.name(), b.name());
            assertEquals(a.timeMillis(), b.timeMillis(), a.name());
            if (a.value() instanceof Double x) {
                // a float32 on the wire: a generic decoder sees the binary value, within half a float32 ulp
                assertEquals(x, (Double) b.value(), Math.ulp((float) (double) x), a.name());
            } else {
                assertEquals(a.value(), b.value(), a.name());
            }
        }
    }
}
