package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlEncoder;
import org.hanedge.contract.senml.SenmlException;
import org.hanedge.contract.senml.SenmlFormat;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property of the server's side of decoding: whatever bytes arrive, the contract's decoder answers with a
 * {@link DecodedPack} or a {@link SenmlException} whose problem maps onto a {@link DeadLetterReason}, and every
 * decoded record passes or is refused by the {@link RecordChecker} with a reason (never another exception, never a
 * hang). Inputs: random bytes, random records, and valid packs of the contract's encoder with bytes flipped,
 * inserted, deleted and cut. Seeded, so a failure is reproducible.
 */
class SenmlFuzzTest {
    static final long NOW = RecordCheckerTest.NOW;
    private final SenmlDecoder decoder = new SenmlDecoder(65_536);
    private final RecordChecker checker = new RecordCheckerTest().checker;

    SenmlFuzzTest() throws Exception {
    }

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a speed assertion
    void anyBytesGiveAPackOrAFormatException(SenmlFormat format) throws Exception {
        Random random = new Random(20261127L + format.ordinal());
        byte[] valid = new SenmlEncoder(format).encodePack("gw1", samples(), Precisions.NONE);
        Map<DeadLetterReason, Integer> refused = new EnumMap<>(DeadLetterReason.class);
        int packs = 0;
        int packsWithProblems = 0;
        for (int i = 0; i < Integer.getInteger("senml.fuzz.inputs", 5000); i++) {
            byte[] input = switch (i % 4) {
                case 0 -> randomBytes(random, format);
                case 1 -> randomRecords(random, format);
                default -> mutate(random, valid);
            };
            try {
                DecodedPack pack = decoder.decode("gw1", input, format, NOW);
                assertThat(pack.records().size() + pack.problems().size()).isLessThanOrEqualTo(input.length);
                pack.problems().forEach(p -> assertThat(p.detail()).startsWith("record " + p.index() + ": "));
                pack.problems().forEach(p -> assertThat(DeadLetterReason.of(p.problem())).isNotNull());
                for (DecodedPack.Decoded d : pack.records()) {
                    Checked c = checker.check("gw1", "lake", d, NOW);
                    if (c instanceof Checked.Refused r) {
                        assertThat(r.refusal().detail()).startsWith("record " + d.index() + ": ");
                    }
                }
                packs++;
                packsWithProblems += pack.problems().isEmpty() ? 0 : 1;
            } catch (SenmlException e) {
                assertThat(e.getMessage()).isNotBlank().doesNotContain("\n");
                refused.merge(DeadLetterReason.of(e.problem()), 1, Integer::sum);
            } catch (RuntimeException | StackOverflowError e) {
                fail("input " + i + " (" + hex(input) + ") threw " + e, e);
            }
        }
        // the mutations must exercise both outcomes, or the property says little
        assertThat(packs).isGreaterThan(100);
        assertThat(packsWithProblems).isGreaterThan(100);
        assertThat(refused).containsKeys(DeadLetterReason.NOT_SENML, DeadLetterReason.TRUNCATED);
    }

    /** Every kind of sample the contract carries, lake channels among them. */
    static List<Sample> samples() {
        long t = NOW - 30_000;
        return List.of(Sample.number("lake-sonde", "water_level", "m", 1.25, t, null, 1),
                Sample.number("lake-sonde", "water_temperature", "Cel", 29.5, t + 1, null, 2),
                Sample.bool("lake-sonde", "wiper_fault", true, t + 2, null, 3),
                Sample.text("boat-gps", "position_fix", "3D \"fix\" \u2713", t + 3, null, 4),
                Sample.number("boat-gps", "speed", "m/s", 4.5, t + 4, "UNCERTAIN", 5),
                Sample.noValue("lake-sonde", "ph", t + 5, "BAD_COMM", 6),
                Sample.number("lake-sonde", "conductivity", "uS/cm", 448.7, t + 6, null, 7));
    }

    private static final String[] FIELDS = {"bn", "n", "u", "t", "v", "vb", "vs", "q", "seq", "bt", "x_", "other"};
    private static final int[] LABELS = {-2, 0, 1, 6, 2, 4, 3, -1, -1, -3, -1, 99};

    /** Well-formed packs of records made of random fields (repeated, missing) with values of random types. */
    private static byte[] randomRecords(Random random, SenmlFormat format) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (com.fasterxml.jackson.core.JsonGenerator g = format == SenmlFormat.JSON
                ? new com.fasterxml.jackson.core.JsonFactory().createGenerator(out)
                : new com.fasterxml.jackson.dataformat.cbor.CBORFactory().createGenerator(out)) {
            g.writeStartArray();
            for (int r = random.nextInt(6); r > 0; r--) {
                g.writeStartObject();
                for (int f = random.nextInt(9); f > 0; f--) {
                    int k = random.nextInt(FIELDS.length);
                    if (g instanceof com.fasterxml.jackson.dataformat.cbor.CBORGenerator cbor && LABELS[k] != -1
                            && random.nextBoolean()) {
                        cbor.writeFieldId(LABELS[k]);
                    } else {
                        g.writeFieldName(FIELDS[k]);
                    }
                    switch (random.nextInt(9)) {
                        case 0 -> g.writeString(random.nextBoolean() ? "gw1/d" + random.nextInt(3) + "/" : "x");
                        case 1 -> g.writeString(random.nextBoolean() ? "BAD_COMM" : "NON_FINITE");
                        case 2 -> g.writeNumber(random.nextInt(5) - 1);
                        case 3 -> g.writeNumber(random.nextBoolean() ? 1.7e9 + random.nextDouble() : 1e300);
                        case 4 -> g.writeBoolean(random.nextBoolean());
                        case 5 -> g.writeNull();
                        case 6 -> {
                            g.writeStartArray();
                            g.writeNumber(1);
                            g.writeEndArray();
                        }
                        case 7 -> {
                            g.writeStartObject();
                            g.writeFieldName("v");
                            g.writeString("nested");
                            g.writeEndObject();
                        }
                        default -> g.writeNumber(new java.math.BigInteger("123456789012345678901234567890"));
                    }
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] randomBytes(Random random, SenmlFormat format) {
        byte[] b = new byte[random.nextInt(200)];
        random.nextBytes(b);
        if (b.length > 0 && random.nextBoolean()) { // get past the first check more often
            b[0] = format == SenmlFormat.JSON ? (byte) '[' : (byte) (0x80 | random.nextInt(32));
        }
        if (format == SenmlFormat.JSON && random.nextBoolean()) { // JSON-ish characters
            String alphabet = "[]{}\",:0123456789.-eE truefalsnl\\bnvsq";
            for (int i = 1; i < b.length; i++) {
                b[i] = (byte) alphabet.charAt(random.nextInt(alphabet.length()));
            }
        }
        return b;
    }

    private static byte[] mutate(Random random, byte[] valid) {
        byte[] b = valid.clone();
        int edits = 1 + random.nextInt(3);
        for (int e = 0; e < edits; e++) {
            int at = random.nextInt(b.length);
            switch (random.nextInt(5)) {
                case 0 -> b[at] = (byte) random.nextInt(256);
                case 1 -> b[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> { // delete a run
                    int len = Math.min(b.length - at, 1 + random.nextInt(8));
                    byte[] c = new byte[b.length - len];
                    System.arraycopy(b, 0, c, 0, at);
                    System.arraycopy(b, at + len, c, at, b.length - at - len);
                    b = c.length == 0 ? new byte[] {'['} : c;
                }
                case 3 -> { // insert a random byte
                    byte[] c = new byte[b.length + 1];
                    System.arraycopy(b, 0, c, 0, at);
                    c[at] = (byte) random.nextInt(256);
                    System.arraycopy(b, at, c, at + 1, b.length - at);
                    b = c;
                }
                default -> b = java.util.Arrays.copyOf(b, Math.max(1, at)); // cut
            }
        }
        return b;
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s + " = " + new String(b, StandardCharsets.ISO_8859_1);
    }
}
