package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;

import org.hanedge.gateway.api.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/** Whole-message failures and bad single records. */
class SenmlDecoderErrorsTest {
    final SenmlDecoder decoder = new SenmlDecoder(4096, Clock.systemUTC());

    SenmlFormatException refused(String json) {
        return refused(json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON);
    }

    SenmlFormatException refused(byte[] payload, SenmlFormat format) {
        SenmlFormatException e = catchThrowableOfType(SenmlFormatException.class,
                () -> decoder.decode("gw1", payload, format, SenmlDecoderTest.NOW));
        assertThat(e).as("decoding %s", Arrays.toString(payload)).isNotNull();
        assertThat(e.detail()).doesNotContain("\n");
        return e;
    }

    DecodedPack decoded(String json) throws SenmlFormatException {
        return decoder.decode("gw1", json.getBytes(StandardCharsets.UTF_8), SenmlFormat.JSON, SenmlDecoderTest.NOW);
    }

    RecordProblem onlyProblem(String json) throws SenmlFormatException {
        DecodedPack pack = decoded(json);
        assertThat(pack.records()).isEmpty();
        assertThat(pack.problems()).hasSize(1);
        return pack.problems().get(0);
    }

    @Test
    void notJson() {
        SenmlFormatException e = refused("hello world");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SENML);
        assertThat(e.detail()).startsWith("not valid JSON at byte 6: Unrecognized token 'hello'");
    }

    @Test
    void jsonObjectInsteadOfArray() {
        SenmlFormatException e = refused("{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1}");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SENML);
        assertThat(e.detail()).isEqualTo("expected a JSON array of SenML records, found an object");
    }

    @Test
    void arrayOfNonMaps() {
        SenmlFormatException e = refused("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1}, 42]");
        assertThat(e.reason()).isEqualTo(DeadLetterReason.NOT_SENML);
        assertThat(e.detail()).isEqualTo("element 1 of the pack is an integer, expected a record (a map)");
    }

    @Test
    void contentAfterThePack() {
        assertThat(refused("[] []").detail()).startsWith("more content after the end of the pack (at byte 3 of 5)");
        assertThat(refused("[] x").reason()).isEqualTo(DeadLetterReason.NOT_SENML);
        assertThat(refused(new byte[] {(byte) 0x80, 0x01}, SenmlFormat.CBOR).detail())
                .startsWith("more content after the end of the pack");
    }

    @Test
    void emptyPayload() {
        assertThat(refused(new byte[0], SenmlFormat.CBOR).detail()).isEqualTo("empty payload");
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    void truncatedAtEveryOffset(SenmlFormat format) {
        byte[] whole = GatewayEncoder.pack(format, "gw1", SenmlDecoderTest.mixedReadings(), 1);
        for (int cut = 1; cut < whole.length; cut++) {
            SenmlFormatException e = refused(Arrays.copyOf(whole, cut), format);
            assertThat(e.reason()).as("cut at %d of %d: %s", cut, whole.length, e.detail())
                    .isEqualTo(DeadLetterReason.TRUNCATED);
            assertThat(e.detail()).startsWith(format + " pack of " + cut + " bytes ends unfinished after ");
        }
        SenmlFormatException e = refused(Arrays.copyOf(whole, whole.length - 1), format);
        assertThat(e.detail()).isEqualTo(format + " pack of " + (whole.length - 1) + " bytes ends unfinished after "
                + (format == SenmlFormat.JSON
                        ? "8 complete record(s) (Unexpected end-of-input: expected close marker for Array)"
                        : "7 complete record(s) (Unexpected end-of-input in Object value: expected 1 more properties)"));
    }

    @Test
    void oversizedIsRefusedUnread() {
        byte[] big = new byte[4097];
        Arrays.fill(big, (byte) '[');
        SenmlFormatException e = refused(big, SenmlFormat.JSON);
        assertThat(e.reason()).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(e.detail()).startsWith("payload is 4097 bytes, over the limit of 4096");
    }

    @Test
    void garbageBytes() {
        assertThat(refused(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1}, SenmlFormat.CBOR).reason())
                .isEqualTo(DeadLetterReason.NOT_SENML);
        assertThat(refused(new byte[] {(byte) 0x9f, (byte) 0x1c}, SenmlFormat.CBOR).reason())
                .isEqualTo(DeadLetterReason.NOT_SENML);
        assertThat(refused("[{\"n\" 1}]").reason()).isEqualTo(DeadLetterReason.NOT_SENML);
    }

    @Test
    void hostileCborHeadersAreRefusedWithoutAllocatingOrLooping() {
        byte[] hugeText = {(byte) 0x81, (byte) 0xa1, 0x00, 0x7b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 'a'}; // [{0: text of 2^63-1 bytes}]
        assertThat(refused(hugeText, SenmlFormat.CBOR).reason()).isIn(DeadLetterReason.TRUNCATED,
                DeadLetterReason.NOT_SENML);
        byte[] hugeBytes = {(byte) 0x81, (byte) 0xa1, 0x00, 0x5a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1};
        assertThat(refused(hugeBytes, SenmlFormat.CBOR).reason()).isIn(DeadLetterReason.TRUNCATED,
                DeadLetterReason.NOT_SENML);
        byte[] hugeArray = {(byte) 0x9b, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff,
                (byte) 0xff, (byte) 0xff};
        assertThat(refused(hugeArray, SenmlFormat.CBOR).reason()).isIn(DeadLetterReason.TRUNCATED,
                DeadLetterReason.NOT_SENML);
        byte[] deep = new byte[4000]; // [{0: [[[[...
        Arrays.fill(deep, (byte) 0x81);
        deep[1] = (byte) 0xa1;
        deep[2] = 0x00;
        assertThat(refused(deep, SenmlFormat.CBOR).reason()).isIn(DeadLetterReason.TRUNCATED,
                DeadLetterReason.NOT_SENML);
        byte[] tags = new byte[4000]; // tag(tag(tag(...)))
        Arrays.fill(tags, (byte) 0xc6);
        tags[0] = (byte) 0x81;
        assertThat(refused(tags, SenmlFormat.CBOR).reason()).isIn(DeadLetterReason.TRUNCATED,
                DeadLetterReason.NOT_SENML);
        assertThat(refused("[{\"x\":" + "[".repeat(4000)).reason()).isIn(DeadLetterReason.TRUNCATED,
                DeadLetterReason.NOT_SENML);
    }

    @Test
    void recordTextIsClippedAndSafeForOneLine() throws Exception {
        String json = "[{\"bn\":\"gw1/d/\",\"n\":\"a\",\n\"t\":\"x\",\"v\":1,\"seq\":1,\"pad\":\""
                + "\uD83D\uDE00".repeat(400) + "\"}]";
        RecordProblem p = onlyProblem(json);
        assertThat(p.recordText()).startsWith("{\"bn\":\"gw1/d/\",\"n\":\"a\",?\"t\":").doesNotContain("\n")
                .endsWith("...(" + (json.length() - 2) + " chars)");
        assertThat(p.recordText().codePoints().filter(c -> c == '?').count()).isEqualTo(1);
    }

    @Test
    void stringTime() throws Exception {
        RecordProblem p = onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"t\":\"now\",\"v\":1,\"seq\":1}]");
        assertThat(p.reason()).isEqualTo(DeadLetterReason.BAD_RECORD);
        assertThat(p.detail()).isEqualTo("record 0: \"t\" is a string, expected a number");
        assertThat(p.recordText()).isEqualTo("{\"bn\":\"gw1/d/\",\"n\":\"a\",\"t\":\"now\",\"v\":1,\"seq\":1}");
    }

    @Test
    void wrongTypesOfOtherFields() throws Exception {
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":7,\"v\":1,\"seq\":1}]").detail())
                .isEqualTo("record 0: \"n\" is an integer, expected a string");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":\"1\",\"seq\":1}]").detail())
                .isEqualTo("record 0: \"v\" is a string, expected a number");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"vb\":1,\"seq\":1}]").detail())
                .isEqualTo("record 0: \"vb\" is an integer, expected a boolean");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"vs\":{\"x\":1},\"seq\":1}]").detail())
                .isEqualTo("record 0: \"vs\" is an object, expected a string");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"u\":null,\"v\":1,\"seq\":1}]").detail())
                .isEqualTo("record 0: \"u\" is null, expected a string");
    }

    @Test
    void missingOrBadSeq() throws Exception {
        RecordProblem p = onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1}]");
        assertThat(p.reason()).isEqualTo(DeadLetterReason.MISSING_SEQ);
        assertThat(p.detail()).isEqualTo("record 0: no \"seq\"");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":-4}]").detail())
                .isEqualTo("record 0: \"seq\" is -4, expected a non-negative integer");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":\"4\"}]").detail())
                .isEqualTo("record 0: \"seq\" is a string, expected a non-negative integer");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":4.5}]").detail())
                .isEqualTo("record 0: \"seq\" is a decimal number, expected a non-negative integer");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":99999999999999999999}]").detail())
                .isEqualTo("record 0: \"seq\" 99999999999999999999 is too large");
    }

    @Test
    void foreignBaseNameAppliesToTheRecordsAfterIt() throws Exception {
        DecodedPack pack = decoded("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1},"
                + "{\"bn\":\"gw9/boat/\",\"n\":\"b\",\"v\":2,\"seq\":2},"
                + "{\"n\":\"c\",\"v\":3,\"seq\":3},"
                + "{\"bn\":\"gw1/d/\",\"n\":\"e\",\"v\":5,\"seq\":5},"
                + "{\"bn\":\"gw1x/d/\",\"n\":\"f\",\"v\":6,\"seq\":6}]");

        assertThat(pack.records()).extracting(SenmlRecord::seq).containsExactly(1L, 5L);
        assertThat(pack.problems()).extracting(RecordProblem::index).containsExactly(1, 2, 4);
        assertThat(pack.problems()).extracting(RecordProblem::reason).containsOnly(DeadLetterReason.FOREIGN_NAME);
        assertThat(pack.problems().get(0).detail())
                .isEqualTo("record 1: name \"gw9/boat/b\" does not start with \"gw1/\", it is not this gateway's");
    }

    @Test
    void namesThatDoNotResolve() throws Exception {
        assertThat(onlyProblem("[{\"n\":\"a\",\"v\":1,\"seq\":1}]").detail())
                .isEqualTo("record 0: name \"a\" (no base name before it) does not start with \"gw1/\"");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"v\":1,\"seq\":1}]").detail())
                .isEqualTo("record 0: name \"gw1/d/\" has no channel (\"n\" missing or empty)");
        assertThat(onlyProblem("[{\"bn\":\"gw1/\",\"n\":\"a\",\"v\":1,\"seq\":1}]").detail())
                .startsWith("record 0: name \"gw1/a\" has no device part");
    }

    @Test
    void aBaseNameOfTheWrongTypeIsNotInheritedPast() throws Exception {
        DecodedPack pack = decoded("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1},"
                + "{\"bn\":5,\"n\":\"b\",\"v\":2,\"seq\":2},"
                + "{\"n\":\"c\",\"v\":3,\"seq\":3},"
                + "{\"bn\":\"gw1/e/\",\"n\":\"d\",\"v\":4,\"seq\":4}]");

        assertThat(pack.records()).extracting(r -> r.deviceId() + "/" + r.channel()).containsExactly("d/a", "e/d");
        assertThat(pack.problems()).extracting(RecordProblem::detail).containsExactly(
                "record 1: \"bn\" is an integer, expected a string",
                "record 2: no usable base name (the \"bn\" of record 1 was not a string)");
    }

    @Test
    void duplicateFields() throws Exception {
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"vb\":true,\"seq\":1}]").detail())
                .isEqualTo("record 0: more than one value field (\"v\" and \"vb\")");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"vs\":\"1\",\"vb\":true,\"v\":1,\"seq\":1}]")
                .detail()).isEqualTo("record 0: more than one value field (\"vs\" and \"vb\")");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"v\":2,\"seq\":1}]").detail())
                .isEqualTo("record 0: \"v\" appears twice");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1,\"seq\":2}]").detail())
                .isEqualTo("record 0: \"seq\" appears twice");
    }

    @Test
    void valueAndQualityMustAgree() throws Exception {
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"seq\":1}]").detail())
                .isEqualTo("record 0: no value (\"v\", \"vb\" or \"vs\") although the quality is GOOD");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"q\":\"BAD_COMM\",\"seq\":1}]").detail())
                .isEqualTo("record 0: has a value although quality BAD_COMM carries none");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"q\":\"SO_SO\",\"seq\":1}]").detail())
                .isEqualTo("record 0: \"q\" is \"SO_SO\", not a known quality");
        String longText = "x".repeat(RecordReader.MAX_TEXT + 1);
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"vs\":\"" + longText + "\",\"seq\":1}]").detail())
                .isEqualTo("record 0: \"vs\" is 1025 characters long, at most 1024");
    }

    @Test
    void unsupportedAndMustUnderstandFields() throws Exception {
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"bt\":1740816930,\"n\":\"a\",\"v\":1,\"seq\":1}]").detail())
                .isEqualTo("record 0: \"bt\" is not supported (the gateway never sends it)");
        assertThat(onlyProblem("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1,\"crit_\":1}]").detail())
                .isEqualTo("record 0: \"crit_\" is a must-understand field this server does not know");
    }

    @Test
    void oneBadRecordAmongGoodOnesKeepsTheGoodOnes() throws Exception {
        DecodedPack pack = decoded("[{\"bn\":\"gw1/d/\",\"n\":\"a\",\"v\":1,\"seq\":1},"
                + "{\"n\":\"b\",\"t\":\"yesterday\",\"v\":2,\"seq\":2},"
                + "{\"n\":\"c\",\"v\":3,\"seq\":3}]");

        assertThat(pack.records()).extracting(SenmlRecord::channel).containsExactly("a", "c");
        assertThat(pack.records()).extracting(SenmlRecord::index).containsExactly(0, 2);
        assertThat(pack.problems()).singleElement().satisfies(p -> {
            assertThat(p.index()).isEqualTo(1);
            assertThat(p.detail()).isEqualTo("record 1: \"t\" is a string, expected a number");
            assertThat(p.recordText()).isEqualTo("{\"n\":\"b\",\"t\":\"yesterday\",\"v\":2,\"seq\":2}");
        });
    }

    @Test
    void badCborRecordIsShownWithLabelNames() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(out)) {
            g.writeStartArray(null, 2);
            g.writeStartObject(null, 4);
            g.writeFieldId(-2);
            g.writeString("gw1/d/");
            g.writeFieldId(0);
            g.writeString("a");
            g.writeFieldId(6);
            g.writeString("noon");
            g.writeFieldName("seq");
            g.writeNumber(1);
            g.writeEndObject();
            g.writeStartObject(null, 3);
            g.writeFieldId(0);
            g.writeString("b");
            g.writeFieldId(2);
            g.writeNumber(Double.NaN);
            g.writeFieldName("seq");
            g.writeNumber(2);
            g.writeEndObject();
            g.writeEndArray();
        }
        DecodedPack pack = decoder.decode("gw1", out.toByteArray(), SenmlFormat.CBOR, SenmlDecoderTest.NOW);

        assertThat(pack.records()).isEmpty();
        assertThat(pack.problems()).extracting(RecordProblem::detail).containsExactly(
                "record 0: \"t\" is a string, expected a number",
                "record 1: \"v\" is NaN, expected a finite number");
        assertThat(pack.problems().get(0).recordText())
                .isEqualTo("{\"bn\":\"gw1/d/\",\"n\":\"a\",\"t\":\"noon\",\"seq\":1}");
        assertThat(pack.problems().get(1).recordText()).isEqualTo("{\"n\":\"b\",\"v\":\"NaN\",\"seq\":2}");
    }

    @Test
    void cborPackOfTheGatewayWithOneRecordBrokenByHand() throws Exception {
        List<byte[]> records = new java.util.ArrayList<>();
        records.add(GatewayEncoder.record(SenmlFormat.CBOR, "gw1/d/", Reading.of("d", "a", 1, "m",
                SenmlDecoderTest.T0), 1));
        byte[] bad = GatewayEncoder.record(SenmlFormat.CBOR, null, Reading.of("d", "b", 2, "m", SenmlDecoderTest.T0), 2);
        bad[bad.length - 1] = 0x20; // seq 2 -> -1
        records.add(bad);
        records.add(GatewayEncoder.record(SenmlFormat.CBOR, null, Reading.of("d", "c", 3, "m", SenmlDecoderTest.T0), 3));

        DecodedPack pack = decoder.decode("gw1", GatewayEncoder.join(SenmlFormat.CBOR, records), SenmlFormat.CBOR);

        assertThat(pack.records()).extracting(SenmlRecord::seq).containsExactly(1L, 3L);
        assertThat(pack.problems()).singleElement().satisfies(p -> {
            assertThat(p.reason()).isEqualTo(DeadLetterReason.MISSING_SEQ);
            assertThat(p.detail()).isEqualTo("record 1: \"seq\" is -1, expected a non-negative integer");
        });
    }
}
