package org.hanedge.contract.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * Thin packs numbered by {@code sr} (or, where that rule does not apply or is longer, by {@code so}): encoded and
 * decoded, every sample comes back with its device, channel, value, time, quality and seq exactly; an {@code sr}
 * that does not fit refuses the records it numbers and nothing else.
 */
class ThinSeqTest {
    static final long T0 = 1_796_000_000_000L;
    static final SenmlDecoder DECODER = new SenmlDecoder(1 << 20);
    static final Precisions PRECISIONS = (d, c) -> c.startsWith("level") ? new BigDecimal("0.01")
            : c.startsWith("temp") ? new BigDecimal("0.1") : null;

    /** A random reading of a random channel at {@code time}; values already on their precision's grid. */
    private static Sample reading(Random r, long time, long seq) {
        String device = "dev-" + r.nextInt(3);
        return switch (r.nextInt(7)) {
            case 0 -> Sample.bool(device, "running", r.nextBoolean(), time, null, seq);
            case 1 -> Sample.noValue(device, "flow", time, "BAD_COMM", seq);
            case 2 -> Sample.text(device, "mode", r.nextBoolean() ? "AUTO" : "MANUAL", time, "UNCERTAIN", seq);
            case 3 -> Sample.number(device, "level" + r.nextInt(2), "m",
                    BigDecimal.valueOf(r.nextInt(100_000), 2).doubleValue(), time, null, seq);
            case 4 -> Sample.number(device, "count", "count", r.nextInt(70_000), time, null, seq);
            default -> Sample.number(device, "temp" + r.nextInt(3), "Cel",
                    BigDecimal.valueOf(r.nextInt(600) - 100, 1).doubleValue(), time, r.nextInt(9) == 0 ? "UNCERTAIN"
                            : null, seq);
        };
    }

    /** n readings with consecutive seqs from 5000 in time order (ties: several per poll), handed over shuffled. */
    static List<Sample> pollsOverAWindow(Random r, int n) {
        List<Sample> s = new ArrayList<>();
        long t = T0;
        for (int i = 0; i < n; i++) {
            if (r.nextInt(4) == 0) {
                t += 1000L * (1 + r.nextInt(120));
            }
            s.add(reading(r, t, 5000 + i));
        }
        Collections.shuffle(s, r);
        return s;
    }

    private static List<Sample> roundTrip(List<Sample> sent) throws Exception {
        byte[] pack = new ThinEncoder(1000).encode("gw1", sent, PRECISIONS);
        DecodedPack d = DECODER.decode("gw1", pack, SenmlFormat.CBOR, 0);
        assertEquals(List.of(), d.problems());
        List<Sample> got = new ArrayList<>(d.samples());
        got.sort(Comparator.comparingLong(Sample::seq));
        return got;
    }

    private static void assertSame(List<Sample> sent, List<Sample> got, String what) {
        List<Sample> expected = new ArrayList<>(sent);
        expected.sort(Comparator.comparingLong(Sample::seq));
        assertEquals(expected.size(), got.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            Sample e = expected.get(i);
            Sample g = got.get(i);
            String at = what + ", seq " + e.seq() + ": " + g.describe();
            assertEquals(e.seq(), g.seq(), at);
            assertEquals(e.device(), g.device(), at);
            assertEquals(e.channel(), g.channel(), at);
            assertEquals(e.type(), g.type(), at);
            assertEquals(e.timeMillis(), g.timeMillis(), at);
            assertEquals(e.quality(), g.quality(), at);
            assertEquals(e.bool(), g.bool(), at);
            assertEquals(e.text(), g.text(), at);
            assertEquals(Double.doubleToLongBits(e.number()), Double.doubleToLongBits(g.number()), at);
        }
    }

    /** Which of so and sr the first record carries. */
    private static String seqLabel(byte[] pack) throws Exception {
        JsonNode first = new ObjectMapper(new CBORFactory()).readTree(pack).get(0);
        assertTrue(first.has(Labels.SEQ_RANKS) != first.has(Labels.SEQ_OFFSETS), first.toString());
        return first.has(Labels.SEQ_RANKS) ? Labels.SEQ_RANKS : Labels.SEQ_OFFSETS;
    }

    @Test
    void shuffledPollsWithTiesComeBackExactlyNumberedByTheirTimes() throws Exception {
        Random r = new Random(8798);
        for (int round = 0; round < 300; round++) {
            List<Sample> sent = pollsOverAWindow(r, 2 + r.nextInt(120));
            byte[] pack = new ThinEncoder(1000).encode("gw1", sent, PRECISIONS);
            if (sent.size() >= 10) { // smaller packs may take so: sr is chosen when it is shorter
                assertEquals(Labels.SEQ_RANKS, seqLabel(pack), "round " + round);
            }
            assertSame(sent, roundTrip(sent), "round " + round);
        }
    }

    @Test
    void gapsAndSeqsOutOfTimeOrderFallBackToOffsets() throws Exception {
        Random r = new Random(42);
        for (int round = 0; round < 200; round++) {
            List<Sample> sent = new ArrayList<>(pollsOverAWindow(r, 3 + r.nextInt(60)));
            Sample moved = round % 2 == 0 ? sent.get(r.nextInt(sent.size()))
                    : sent.stream().max(Comparator.comparingLong(Sample::seq)).orElseThrow();
            int at = sent.indexOf(moved);
            if (round % 2 == 0) { // an alarm took a seq in between: a gap
                sent.set(at, withSeq(moved, moved.seq() + 1_000));
            } else { // an older reading taken after newer ones: the highest seq with the earliest time
                sent.set(at, withTime(moved, T0 - 60_000));
            }
            byte[] pack = new ThinEncoder(1000).encode("gw1", sent, PRECISIONS);
            assertEquals(Labels.SEQ_OFFSETS, seqLabel(pack), "round " + round);
            assertSame(sent, roundTrip(sent), "round " + round);
        }
    }

    @Test
    void aSingleReadingAndOnePollOfManyChannels() throws Exception {
        List<Sample> one = List.of(Sample.number("d", "temp0", "Cel", 28.5, T0, null, 77));
        assertSame(one, roundTrip(one), "one reading");
        Random r = new Random(1);
        List<Sample> poll = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            poll.add(reading(r, T0, 900 + i));
        }
        Collections.shuffle(poll, r);
        assertSame(poll, roundTrip(poll), "fifty at one time");
    }

    @Test
    void millisecondTimesOneApartAndTiedNumberExactlyToo() throws Exception {
        Random r = new Random(3);
        for (int round = 0; round < 100; round++) {
            List<Sample> sent = new ArrayList<>();
            long t = T0 + 123;
            int n = 10 + r.nextInt(80);
            for (int i = 0; i < n; i++) {
                t += r.nextInt(3) == 0 ? 0 : 1 + (r.nextBoolean() ? 0 : r.nextInt(5_000));
                sent.add(reading(r, t, 300 + i));
            }
            Collections.shuffle(sent, r);
            byte[] pack = new ThinEncoder(1).encode("gw1", sent, PRECISIONS);
            assertEquals(Labels.SEQ_RANKS, seqLabel(pack), "round " + round);
            DecodedPack d = DECODER.decode("gw1", pack, SenmlFormat.CBOR, 0);
            assertEquals(List.of(), d.problems());
            List<Sample> got = new ArrayList<>(d.samples());
            got.sort(Comparator.comparingLong(Sample::seq));
            assertSame(sent, got, "round " + round);
        }
    }

    @Test
    void srIsChosenOnlyWhenShorterThanSo() throws Exception {
        // two records at different times: sr is empty (0 bytes) against so's 1 byte
        List<Sample> two = List.of(Sample.number("d", "temp0", "Cel", 20, T0 + 1000, null, 2),
                Sample.number("d", "temp0", "Cel", 21, T0, null, 1));
        byte[] pack = new ThinEncoder(1000).encode("gw1", two, PRECISIONS);
        assertEquals(Labels.SEQ_RANKS, seqLabel(pack));
        assertTrue(HexFormat.of().formatHex(pack).contains("62737240"), "sr: an empty byte string");
        // two records at one time: 1 byte either way, so keeps so
        List<Sample> tie = List.of(two.get(0), withTime(two.get(1), T0 + 1000));
        assertEquals(Labels.SEQ_OFFSETS, seqLabel(new ThinEncoder(1000).encode("gw1", tie, PRECISIONS)));
    }

    /**
     * A thin pack by hand: record 0 with bn, bt, {@code seq = seq0} and sr (and so); every record with t (a text on
     * the last one when {@code badTimeOnLast}) and v.
     */
    private static byte[] pack(long seq0, long[] relTimes, byte[] sr, boolean withSo, boolean badTimeOnLast) {
        ThinCbor c = new ThinCbor(64);
        c.array(relTimes.length);
        for (int i = 0; i < relTimes.length; i++) {
            boolean first = i == 0;
            c.map(first ? 6 + (withSo ? 1 : 0) : 2);
            if (first) {
                c.integer(Labels.BN);
                c.text("d/c");
                c.integer(Labels.BT);
                c.integer(T0 / 1000);
            }
            c.integer(Labels.T);
            if (badTimeOnLast && i == relTimes.length - 1) {
                c.text("soon");
            } else {
                c.integer(relTimes[i]);
            }
            c.integer(Labels.V);
            c.integer(i);
            if (first) {
                c.text(Labels.SEQ);
                c.integer(seq0);
                c.text(Labels.SEQ_RANKS);
                c.bytes(sr);
                if (withSo) {
                    c.text(Labels.SEQ_OFFSETS);
                    c.bytes(new byte[] {2, 4});
                }
            }
        }
        return c.toByteArray();
    }

    private static final long[] TIMES = {10, 0, 0};
    private static final byte[] RANKS_1_0 = {(byte) 0b1000_0000};

    @Test
    void aHandMadeSrPackDecodes() throws Exception {
        // times 10, 0, 0 (relative): the two at 0 have ranks 1 and 0; record 0 (seq 40) is at position 2
        DecodedPack d = DECODER.decode("gw1", pack(40, TIMES, RANKS_1_0, false, false), SenmlFormat.CBOR, 0);
        assertEquals(List.of(), d.problems());
        assertEquals(List.of(40L, 39L, 38L), d.samples().stream().map(Sample::seq).toList());
        assertEquals(List.of(T0 + 10_000, T0, T0), d.samples().stream().map(Sample::timeMillis).toList());
    }

    @Test
    void anSrThatDoesNotFitRefusesTheRecordsItNumbersAndKeepsTheFirst() throws Exception {
        // ranks 1 and 1 at time 0: not a permutation
        DecodedPack d = DECODER.decode("gw1", pack(40, TIMES, new byte[] {(byte) 0b1100_0000}, false, false),
                SenmlFormat.CBOR, 0);
        assertEquals(List.of(40L), d.samples().stream().map(Sample::seq).toList());
        assertEquals(List.of(1, 2), d.problems().stream().map(RecordProblem::index).toList());
        for (RecordProblem p : d.problems()) {
            assertEquals(SenmlProblem.BAD_SEQ, p.problem());
            assertTrue(p.detail().contains("does not fit"), p.detail());
            assertTrue(p.recordText().contains("\"v\""), p.recordText());
        }
        // record 0 is seq 1 at position 2: the first record would be seq -1
        DecodedPack low = DECODER.decode("gw1", pack(1, TIMES, RANKS_1_0, false, false), SenmlFormat.CBOR, 0);
        assertEquals(List.of(1L), low.samples().stream().map(Sample::seq).toList());
        assertEquals(List.of(SenmlProblem.BAD_SEQ, SenmlProblem.BAD_SEQ), low.problems().stream()
                .map(RecordProblem::problem).toList());
        assertTrue(low.problems().get(1).detail().contains("seqs -1..1 are not all valid"), low.problems().get(1).detail());
    }

    @Test
    void srWithSoOrWithAnUnreadableTimeNumbersNothing() throws Exception {
        DecodedPack both = DECODER.decode("gw1", pack(40, TIMES, RANKS_1_0, true, false), SenmlFormat.CBOR, 0);
        assertEquals(List.of(), both.samples());
        assertEquals(3, both.problems().size());
        both.problems().forEach(p -> assertEquals(SenmlProblem.BAD_SEQ, p.problem(), p.detail()));
        assertTrue(both.problems().get(0).detail().contains("\"so\" and \"sr\""), both.problems().get(0).detail());

        DecodedPack badTime = DECODER.decode("gw1", pack(40, TIMES, RANKS_1_0, false, true), SenmlFormat.CBOR, 0);
        assertEquals(List.of(40L), badTime.samples().stream().map(Sample::seq).toList());
        assertEquals(SenmlProblem.BAD_SEQ, badTime.problems().get(0).problem());
        assertTrue(badTime.problems().get(0).detail().contains("time could not be read"),
                badTime.problems().get(0).detail());
        assertEquals(SenmlProblem.WRONG_TYPE, badTime.problems().get(1).problem(), "the record with the bad t");
    }

    /** A pack of {@code records} under one name, seq 40 on the first with {@code so} bytes as given. */
    private static byte[] soPack(int records, byte[] so) {
        ThinCbor c = new ThinCbor(64);
        c.array(records);
        for (int i = 0; i < records; i++) {
            c.map(i == 0 ? 5 : 2);
            if (i == 0) {
                c.integer(Labels.BN);
                c.text("d/c");
                c.integer(Labels.BT);
                c.integer(T0 / 1000);
            } else {
                c.integer(Labels.T);
                c.integer(i);
            }
            c.integer(Labels.V);
            c.integer(i);
            if (i == 0) {
                c.text(Labels.SEQ);
                c.integer(40);
                c.text(Labels.SEQ_OFFSETS);
                c.bytes(so);
            }
        }
        return c.toByteArray();
    }

    @Test
    void aBrokenOrShortSoNumbersNoRecordByCountingOn() throws Exception {
        DecodedPack good = DECODER.decode("gw1", soPack(3, new byte[] {6, 2}), SenmlFormat.CBOR, 0);
        assertEquals(List.of(40L, 43L, 41L), good.samples().stream().map(Sample::seq).toList());

        // ends inside a varint: record 0 keeps its own seq but is refused with the pack's so; the others get none
        DecodedPack broken = DECODER.decode("gw1", soPack(3, new byte[] {(byte) 0x86}), SenmlFormat.CBOR, 0);
        assertEquals(List.of(), broken.samples().stream().map(Sample::seq).toList());
        assertEquals(List.of(0, 1, 2), broken.problems().stream().map(RecordProblem::index).toList());
        broken.problems().forEach(p -> assertEquals(SenmlProblem.BAD_SEQ, p.problem(), p.detail()));
        assertTrue(broken.problems().get(1).detail().contains("could not be read"), broken.problems().get(1).detail());

        // one offset for two following records: the last one is refused, not given 41 + 1
        DecodedPack shortSo = DECODER.decode("gw1", soPack(3, new byte[] {2}), SenmlFormat.CBOR, 0);
        assertEquals(List.of(40L, 41L), shortSo.samples().stream().map(Sample::seq).toList());
        assertEquals(List.of(2), shortSo.problems().stream().map(RecordProblem::index).toList());
        assertTrue(shortSo.problems().get(0).detail().contains("none for record 2"), shortSo.problems().get(0).detail());
    }

    private static Sample withSeq(Sample s, long seq) {
        return new Sample(s.device(), s.channel(), s.unit(), s.type(), s.number(), s.bool(), s.text(), s.sum(),
                s.timeMillis(), s.quality(), seq);
    }

    private static Sample withTime(Sample s, long time) {
        return new Sample(s.device(), s.channel(), s.unit(), s.type(), s.number(), s.bool(), s.text(), s.sum(), time,
                s.quality(), s.seq());
    }
}
