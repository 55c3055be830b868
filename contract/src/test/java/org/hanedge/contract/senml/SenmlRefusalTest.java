package org.hanedge.contract.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every refusal reason fired, per record where possible; garbage never throws anything but SenmlException. */
class SenmlRefusalTest {
    static final SenmlDecoder DECODER = new SenmlDecoder(4096);
    static final Set<SenmlProblem> FIRED = EnumSet.noneOf(SenmlProblem.class);

    private static String good(int seq) {
        return "{\"n\":\"c\",\"v\":1,\"seq\":" + seq + "}";
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "WRONG_TYPE          | {\"n\":\"c\",\"t\":\"x\",\"v\":1,\"seq\":5}                 | \"t\" is a string",
        "WRONG_TYPE          | {\"n\":\"c\",\"vb\":1,\"seq\":5}                           | \"vb\" is an integer",
        "DUPLICATE_FIELD     | {\"n\":\"c\",\"v\":1,\"v\":2,\"seq\":5}                     | \"v\" appears twice",
        "TWO_VALUES          | {\"n\":\"c\",\"v\":1,\"vs\":\"a\",\"seq\":5}                | more than one value",
        "NO_VALUE            | {\"n\":\"c\",\"seq\":5}                                    | no value",
        "BAD_NAME            | {\"n\":\"c d\",\"v\":1,\"seq\":5}                          | RFC 8428",
        "BAD_NAME            | {\"bn\":\"gw1/x/y/\",\"n\":\"c\",\"v\":1,\"seq\":5}           | nor {device}/{channel}",
        "MUST_UNDERSTAND     | {\"n\":\"c\",\"v\":1,\"x_\":1,\"seq\":5}                    | must-understand",
        "UNSUPPORTED_VERSION | {\"bver\":11,\"n\":\"c\",\"v\":1,\"seq\":5}                | above 10",
        "UNSUPPORTED_VERSION | {\"bver\":\"a\",\"n\":\"c\",\"v\":1,\"seq\":5}               | positive integer",
        "BAD_QUALITY         | {\"n\":\"c\",\"v\":1,\"q\":\"bad\",\"seq\":5}               | not a quality name",
        "BAD_QUALITY         | {\"n\":\"c:q\",\"v\":1,\"seq\":5}                          | quality record",
        "FOREIGN_NAME        | {\"bn\":\"gw2/d/\",\"n\":\"c\",\"v\":1,\"seq\":5}            | not this gateway's",
        "MISSING_SEQ         | {\"bn\":\"gw1/d/\",\"n\":\"c\",\"v\":1}                     | no \"seq\"",
        "BAD_SEQ             | {\"n\":\"c\",\"v\":1,\"seq\":-1}                          | outside",
        "BAD_SEQ             | {\"n\":\"c\",\"v\":1,\"seq\":1.5}                         | expected a non-negative integer",
        "BAD_SEQ             | {\"n\":\"c\",\"v\":1,\"seq\":5,\"so\":\"x\"}                 | byte string",
    })
    void aBadRecordIsRefusedAloneWithItsReason(SenmlProblem expected, String record, String detail) throws Exception {
        String prefix = expected == SenmlProblem.MISSING_SEQ || expected == SenmlProblem.FOREIGN_NAME
                || record.contains("bn") ? "" : "{\"bn\":\"gw1/d/\",\"n\":\"first\",\"v\":0,\"seq\":1},";
        String first = prefix.isEmpty() ? "" : prefix;
        String json = "[" + first + record + (record.contains("bn") && !record.contains("gw1/d/") ? "" : "," + good(9))
                + "]";
        if (prefix.isEmpty() && !record.contains("bn")) {
            json = "[" + record + "]";
        }
        DecodedPack d = DECODER.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, 0);
        // a bver above ours applies to the records after it too (RFC 8428 §4.1: base fields carry on)
        assertEquals(record.contains("\"bver\":11") ? 2 : 1, d.problems().size(), json + " -> " + d);
        RecordProblem p = d.problems().get(0);
        assertEquals(expected, p.problem(), p.detail());
        assertTrue(p.detail().contains(detail), p.detail());
        FIRED.add(expected);
    }

    @Test
    void nonFiniteAndTooLongText() throws Exception {
        String longText = "a".repeat(SenmlDecoder.MAX_TEXT + 1);
        String json = "[{\"bn\":\"gw1/d/\",\"n\":\"c\",\"v\":1e999,\"seq\":1},{\"n\":\"c\",\"vs\":\"" + longText
                + "\",\"seq\":2},{\"n\":\"c\",\"v\":3,\"seq\":3}]";
        DecodedPack d = new SenmlDecoder(1 << 16).decode("gw1", json.getBytes(StandardCharsets.UTF_8),
                SenmlFormat.JSON, 0);
        assertEquals(List.of(SenmlProblem.NON_FINITE, SenmlProblem.TEXT_TOO_LONG),
                d.problems().stream().map(RecordProblem::problem).toList());
        assertEquals(3.0, d.samples().get(0).number(), "the good record still gets through");
        FIRED.add(SenmlProblem.NON_FINITE);
        FIRED.add(SenmlProblem.TEXT_TOO_LONG);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "NOT_SENML | {\"n\":\"c\"}",
        "NOT_SENML | [1,2]",
        "NOT_SENML | [] []",
        "NOT_SENML | hello",
        "TRUNCATED | [{\"n\":\"c\",\"v\":1",
        "TRUNCATED | [{\"n\":\"c\",\"v\":1.",
    })
    void wholePackRefusals(SenmlProblem expected, String payload) {
        SenmlException e = assertThrows(SenmlException.class,
                () -> DECODER.decode("gw1", payload.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, 0));
        assertEquals(expected, e.problem(), e.getMessage());
        FIRED.add(expected);
    }

    @Test
    void oversized() {
        SenmlException e = assertThrows(SenmlException.class,
                () -> DECODER.decode("gw1", new byte[5000], SenmlFormat.CBOR, 0));
        assertEquals(SenmlProblem.OVERSIZED, e.problem());
        assertTrue(e.getMessage().contains("5000"), e.getMessage());
        FIRED.add(SenmlProblem.OVERSIZED);
    }

    @Test
    void garbageNeverThrowsAnythingButSenmlException() throws Exception {
        Random random = new Random(13);
        byte[] good = new SenmlEncoder(SenmlFormat.CBOR).encodePack("gw1", SenmlRoundTripTest.samples(),
                Precisions.NONE);
        byte[] thin = new ThinEncoder(1000).encode("gw1", SenmlRoundTripTest.samples(), Precisions.NONE);
        byte[] json = new SenmlEncoder(SenmlFormat.JSON).encodePack("gw1", SenmlRoundTripTest.samples(),
                Precisions.NONE);
        int refused = 0;
        for (int i = 0; i < 6_000; i++) {
            byte[] base = i % 3 == 0 ? good : i % 3 == 1 ? thin : json;
            byte[] b = base.clone();
            int flips = 1 + random.nextInt(4);
            for (int k = 0; k < flips; k++) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(5) == 0) {
                b = java.util.Arrays.copyOf(b, random.nextInt(b.length) + 1);
            }
            SenmlFormat format = i % 3 == 2 ? SenmlFormat.JSON : SenmlFormat.CBOR;
            try {
                DecodedPack d = DECODER.decode("gw1", b, format, 0);
                refused += d.problems().size();
            } catch (SenmlException e) {
                refused++;
            }
        }
        assertTrue(refused > 300, "mutations are noticed: " + refused);
    }

    @org.junit.jupiter.api.AfterAll
    static void everyReasonFired() {
        Set<SenmlProblem> missing = EnumSet.allOf(SenmlProblem.class);
        missing.removeAll(FIRED);
        assertEquals(Set.of(), missing, "refusal reasons without a test");
    }
}
