package org.hanedge.contract.senml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hanedge.contract.mqtt.SeqRange;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * Decodes any RFC 8428 SenML pack, JSON or CBOR, streaming with Jackson's parser (no tree). Thread-safe.
 *
 * <p>Understood: base fields {@code bn bt bu bv bs bver} (each applies to its record and the following ones until
 * replaced), {@code n u v vs vb vd s t ut}; CBOR integer labels (§6) or the JSON names as text keys; relative
 * times (a resolved time below 2<sup>28</sup> s counts from {@code nowMillis}, no time is now, §4.5.3); our
 * extensions {@code q} (quality), {@code seq}, {@code so} and {@code sr}; quality records ({@code {channel}:q} with
 * the quality in {@code vs}) come out as {@link ValueType#NONE} samples of {@code {channel}}. Other fields are ignored
 * unless their label ends with {@code _} (§4.4, must understand).
 *
 * <p>Names: {@code bn + n} obeys §4.5.1 and is either {@code {gatewayId}/{device}/{channel}} (two {@code /}) or
 * {@code {device}/{channel}} (one {@code /}: the gateway is {@code gatewayId}, the one whose topic the pack came
 * on; the thin form sends names so). Device and channel never hold {@code /}, so the count of {@code /} decides.
 *
 * <p>Sequence number of record {@code i}: its {@code seq}; else, when the first record has {@code sr} (thin form),
 * the number its time and rank give ({@link SeqRanks}, worked out once the whole pack is read); else the first
 * record's {@code seq} plus its offset in the first record's {@code so} (thin form); else the previous record's plus
 * one; record 0 without any takes the message's {@code seq} user property when given. So a pack made by another
 * SenML library (no extensions) gets {@code first, first + 1, ...} from the user property.
 *
 * <p>A pack that cannot be read as a whole throws {@link SenmlException}; a bad record becomes a
 * {@link RecordProblem} and the other records still decode.
 */
public final class SenmlDecoder {
    /** The highest {@code bver} understood (RFC 8428's version). */
    public static final int SUPPORTED_VERSION = 10;
    /** Longest {@code vs} accepted. */
    public static final int MAX_TEXT = 1024;

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private final int maxPackBytes;

    /** @param maxPackBytes larger payloads are refused unread ({@link SenmlProblem#OVERSIZED}) */
    public SenmlDecoder(int maxPackBytes) {
        if (maxPackBytes < 1) {
            throw new IllegalArgumentException("maxPackBytes must be positive, got " + maxPackBytes);
        }
        this.maxPackBytes = maxPackBytes;
    }

    public int maxPackBytes() {
        return maxPackBytes;
    }

    /** {@link #decode(String, byte[], SenmlFormat, long, SeqRange)} without user properties. */
    public DecodedPack decode(String gatewayId, byte[] payload, SenmlFormat format, long nowMillis)
            throws SenmlException {
        return decode(gatewayId, payload, format, nowMillis, null);
    }

    /**
     * Decodes one pack of {@code gatewayId}.
     *
     * @param nowMillis   the time relative SenML times count from
     * @param userSeq     the message's {@code seq}/{@code seq-count} user properties, or null
     * @throws SenmlException when the payload is over the limit, not JSON/CBOR, not an array of maps, cut short,
     *                        or followed by more content
     */
    public DecodedPack decode(String gatewayId, byte[] payload, SenmlFormat format, long nowMillis, SeqRange userSeq)
            throws SenmlException {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(format, "format");
        if (payload == null || payload.length == 0) {
            throw new SenmlException(SenmlProblem.NOT_SENML, "empty payload");
        }
        if (payload.length > maxPackBytes) {
            throw new SenmlException(SenmlProblem.OVERSIZED, "payload is " + payload.length
                    + " bytes, over the limit of " + maxPackBytes);
        }
        RecordReader reader = new RecordReader(gatewayId, format, payload, nowMillis,
                userSeq == null ? -1 : userSeq.first());
        int index = 0;
        try (JsonParser p = (format == SenmlFormat.JSON ? JSON_FACTORY : CBOR_FACTORY).createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new SenmlException(SenmlProblem.NOT_SENML,
                        "expected a " + format + " array of SenML records, found " + RecordReader.describe(first));
            }
            List<DecodedPack.Decoded> records = new ArrayList<>(Math.min(1024, payload.length / 8 + 1));
            List<RecordProblem> problems = new ArrayList<>(0);
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw truncated(format, payload, index, null);
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new SenmlException(SenmlProblem.NOT_SENML, "element " + index + " of the pack is "
                            + RecordReader.describe(t) + ", expected a record (a map)");
                }
                reader.read(p, index, records, problems);
                index++;
            }
            if (p.nextToken() != null) {
                throw new SenmlException(SenmlProblem.NOT_SENML, "more content after the end of the pack");
            }
            reader.complete(index, records, problems);
            return new DecodedPack(records, problems);
        } catch (JsonEOFException e) {
            throw truncated(format, payload, index, e);
        } catch (StreamConstraintsException e) {
            throw new SenmlException(SenmlProblem.NOT_SENML, format + " exceeds the parser's limits: "
                    + Texts.clip(e.getOriginalMessage(), 200));
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.contains("end-of-input") || message.contains("Unexpected end")
                    || format == SenmlFormat.JSON && endsInsideJsonToken(payload, e.getLocation())) {
                throw truncated(format, payload, index, e);
            }
            throw new SenmlException(SenmlProblem.NOT_SENML, "not valid " + format + at(e.getLocation()) + ": "
                    + Texts.clip(firstLine(message), 200));
        } catch (IOException | RuntimeException e) {
            // Jackson's CBOR parser reports some malformed input as IllegalArgumentException or similar
            throw new SenmlException(SenmlProblem.NOT_SENML, "unreadable " + format + ": " + Texts.clip(e.toString(),
                    200));
        }
    }

    private static SenmlException truncated(SenmlFormat format, byte[] payload, int index, Exception e) {
        return new SenmlException(SenmlProblem.TRUNCATED, format + " pack of " + payload.length
                + " bytes ends unfinished after " + index + " complete record(s)"
                + (e instanceof JsonProcessingException j ? " (" + Texts.clip(firstLine(j.getOriginalMessage()), 120)
                        + ")" : ""));
    }

    private static boolean endsInsideJsonToken(byte[] payload, JsonLocation location) {
        int end = payload.length;
        if (location == null || location.getByteOffset() < end - 1) {
            return false;
        }
        byte last = payload[end - 1];
        if (last == '.' || last == '-' || last == '+' || last == 'e' || last == 'E') {
            return true;
        }
        int i = end;
        while (i > 0 && payload[i - 1] >= 'a' && payload[i - 1] <= 'z' && end - i < 5) {
            i--;
        }
        String tail = new String(payload, i, end - i, StandardCharsets.US_ASCII);
        return !tail.isEmpty() && ("true".startsWith(tail) || "false".startsWith(tail) || "null".startsWith(tail));
    }

    private static String at(JsonLocation location) {
        return location == null || location.getByteOffset() < 0 ? "" : " at byte " + location.getByteOffset();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        int source = line.indexOf(" (start ");
        return source < 0 ? line : line.substring(0, source);
    }
}
