package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Property: whatever bytes arrive, the decoder answers with a {@link DecodedPack} or a {@link SenmlFormatException}
 * (never another exception, never a hang). Inputs: random bytes, and valid gateway packs with bytes flipped,
 * inserted, deleted and cut. Seeded, so a failure is reproducible.
 */
class SenmlFuzzTest {
    private final SenmlDecoder decoder = new SenmlDecoder(65_536, Clock.systemUTC());

    @ParameterizedTest
    @EnumSource(SenmlFormat.class)
    @Timeout(value = 120, unit = TimeUnit.SECONDS) // a hang guard, not a speed assertion
    void anyBytesGiveAPackOrAFormatException(SenmlFormat format) {
        Random random = new Random(20261127L + format.ordinal());
        byte[] valid = GatewayEncoder.pack(format, "gw1", SenmlDecoderTest.mixedReadings(), 1);
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
                DecodedPack pack = decoder.decode("gw1", input, format, SenmlDecoderTest.NOW);
                assertThat(pack.records().size() + pack.problems().size()).isLessThanOrEqualTo(input.length);
                pack.problems().forEach(p -> assertThat(p.detail()).startsWith("record " + p.index() + ": "));
                packs++;
                packsWithProblems += pack.problems().isEmpty() ? 0 : 1;
            } catch (SenmlFormatException e) {
                assertThat(e.reason()).isNotNull();
                assertThat(e.detail()).isNotBlank().doesNotContain("\n");
                refused.merge(e.reason(), 1, Integer::sum);
            } catch (RuntimeException | StackOverflowError e) {
                fail("input " + i + " (" + hex(input) + ") threw " + e, e);
            }
        }
        // the mutations must exercise both outcomes, or the property says little
        assertThat(packs).isGreaterThan(100);
        assertThat(packsWithProblems).isGreaterThan(100);
        assertThat(refused).containsKeys(DeadLetterReason.NOT_SENML, DeadLetterReason.TRUNCATED);
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
