package org.hanedge.fleet.ingest.senml;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hanedge.fleet.config.FleetProperties;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * Decodes SenML packs as the gateway's uplink writes them (docs/uplink.md "SenML record"), streaming with
 * Jackson's {@link JsonParser} for both JSON and CBOR. Thread-safe and stateless.
 *
 * <p>Names: {@code bn} + {@code n} must read {@code {gatewayId}/{deviceId}/{channel}}; a base name applies to the
 * following records until the next one (RFC 8428 §4.5). Times below 2<sup>28</sup> s are relative to the decode
 * time, and a record without {@code t} is "now" (RFC 8428 §4.5.3). CBOR keys may be the RFC 8428 §6 integer labels
 * (which Jackson's CBOR parser reports as field names {@code "-2"}, {@code "0"} ...) or the JSON names;
 * {@code q} and {@code seq} are text keys in both formats. Unknown fields are ignored unless their name ends with
 * {@code _} (must-understand); base fields other than {@code bn} ({@code bt bu bv bs}), {@code s} and {@code vd}
 * are refused as the gateway never sends them.
 *
 * <p>A message that cannot be read as a whole throws {@link SenmlFormatException}; a bad record becomes a
 * {@link RecordProblem} and the other records of the pack still decode.
 */
@Component
public class SenmlDecoder {
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private final int maxMessageBytes;
    private final Clock clock;

    /** @param maxMessageBytes larger payloads are refused unread ({@link DeadLetterReason#OVERSIZED}) */
    public SenmlDecoder(int maxMessageBytes, Clock clock) {
        if (maxMessageBytes < 1) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
        this.maxMessageBytes = maxMessageBytes;
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Autowired
    public SenmlDecoder(FleetProperties properties) {
        this(properties.ingest().maxMessageBytes(), Clock.systemUTC());
    }

    public int maxMessageBytes() {
        return maxMessageBytes;
    }

    /** {@link #decode(String, byte[], SenmlFormat, long)} with relative times resolved against the clock. */
    public DecodedPack decode(String gatewayId, byte[] payload, SenmlFormat format) throws SenmlFormatException {
        return decode(gatewayId, payload, format, clock.millis());
    }

    /**
     * Decodes one telemetry payload of {@code gatewayId}.
     *
     * @param nowMillis the time relative SenML times are counted from
     * @throws SenmlFormatException when the payload is over the size limit, not JSON/CBOR, not an array of maps,
     *                              cut short, or followed by more content
     */
    public DecodedPack decode(String gatewayId, byte[] payload, SenmlFormat format, long nowMillis)
            throws SenmlFormatException {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(format, "format");
        if (payload == null || payload.length == 0) {
            throw new SenmlFormatException(DeadLetterReason.NOT_SENML, "empty payload");
        }
        if (payload.length > maxMessageBytes) {
            throw new SenmlFormatException(DeadLetterReason.OVERSIZED, "payload is " + payload.length
                    + " bytes, over the limit of " + maxMessageBytes + " (hanedge.fleet.ingest.max-message-bytes)");
        }
        RecordReader reader = new RecordReader(gatewayId, format, payload, nowMillis);
        int index = 0;
        try (JsonParser p = (format == SenmlFormat.JSON ? JSON_FACTORY : CBOR_FACTORY).createParser(payload)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                throw new SenmlFormatException(DeadLetterReason.NOT_SENML,
                        "expected a " + format + " array of SenML records, found " + RecordReader.describe(first));
            }
            List<SenmlRecord> records = new ArrayList<>(Math.min(1024, payload.length / 32 + 1));
            List<RecordProblem> problems = new ArrayList<>(0);
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    throw truncated(format, payload, index, null);
                }
                if (t != JsonToken.START_OBJECT) {
                    throw new SenmlFormatException(DeadLetterReason.NOT_SENML, "element " + index + " of the pack is "
                            + RecordReader.describe(t) + ", expected a record (a map)");
                }
                reader.read(p, index, records, problems);
                index++;
            }
            if (p.nextToken() != null) {
                throw new SenmlFormatException(DeadLetterReason.NOT_SENML, "more content after the end of the pack "
                        + "(at byte " + p.currentTokenLocation().getByteOffset() + " of " + payload.length + ")");
            }
            return new DecodedPack(records, problems);
        } catch (JsonEOFException e) {
            throw truncated(format, payload, index, e);
        } catch (StreamConstraintsException e) {
            throw new SenmlFormatException(DeadLetterReason.NOT_SENML, format + " exceeds the parser's limits: "
                    + Texts.clip(e.getOriginalMessage(), 200));
        } catch (JsonProcessingException e) {
            String message = String.valueOf(e.getOriginalMessage());
            if (message.contains("end-of-input") // the CBOR parser's own EOF check inside a text key
                    || format == SenmlFormat.JSON && endsInsideJsonToken(payload, e.getLocation())) {
                throw truncated(format, payload, index, e);
            }
            throw new SenmlFormatException(DeadLetterReason.NOT_SENML, "not valid " + format + at(e.getLocation())
                    + ": " + Texts.clip(firstLine(message), 200));
        } catch (IOException e) { // not expected from a byte array
            throw new SenmlFormatException(DeadLetterReason.NOT_SENML, "unreadable " + format + ": "
                    + Texts.clip(e.toString(), 200));
        }
    }

    private static SenmlFormatException truncated(SenmlFormat format, byte[] payload, int index,
            JsonProcessingException e) {
        return new SenmlFormatException(DeadLetterReason.TRUNCATED, format + " pack of " + payload.length
                + " bytes ends unfinished after " + index + " complete record(s)" + (e == null ? "" : " (" + Texts.clip(firstLine(e.getOriginalMessage()), 120)
                + ")"));
    }

    /**
     * Whether a JSON parse error comes from the input ending in the middle of a number or literal ({@code 1740.},
     * {@code tr}), which Jackson reports as a bad token rather than as end-of-input.
     */
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

    /** Jackson's message without its source excerpt (which is the payload again) and later lines. */
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
