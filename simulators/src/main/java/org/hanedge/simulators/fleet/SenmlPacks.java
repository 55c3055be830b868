package org.hanedge.simulators.fleet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * Encodes a telemetry pack exactly as the gateway's uplink does (docs/uplink.md, "SenML record"): {@code bn} on the
 * first record, then per record {@code n}, {@code u} (when the channel has a unit), {@code t} (seconds, JSON with 3
 * decimals, CBOR float64), {@code v} or {@code vb}, and {@code seq}. CBOR uses the RFC 8428 integer labels for the
 * standard fields, text keys for {@code seq}, and definite-length maps and array.
 */
final class SenmlPacks {
    private static final int BN = -2;
    private static final int N = 0;
    private static final int U = 1;
    private static final int V = 2;
    private static final int VB = 4;
    private static final int T = 6;

    private static final JsonFactory JSON = new JsonFactory();
    private static final CBORFactory CBOR = new CBORFactory();

    private SenmlPacks() {
    }

    /**
     * A pack of {@code count} records with sequence numbers {@code firstSeq ...}, all at {@code timeMillis}; values
     * and channels come from {@code values}, which the caller has advanced to {@code timeMillis}.
     */
    static byte[] encode(PackFormat format, String baseName, ValueSource values, int count, long firstSeq,
            long timeMillis) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + count * 72);
        try {
            if (format == PackFormat.JSON) {
                try (JsonGenerator g = JSON.createGenerator(out)) {
                    g.writeStartArray();
                    for (int i = 0; i < count; i++) {
                        record(g, null, i == 0 ? baseName : null, values, firstSeq + i, timeMillis);
                    }
                    g.writeEndArray();
                }
            } else {
                try (CBORGenerator g = CBOR.createGenerator(out)) {
                    g.writeStartArray(null, count);
                    for (int i = 0; i < count; i++) {
                        record(g, g, i == 0 ? baseName : null, values, firstSeq + i, timeMillis);
                    }
                    g.writeEndArray();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void record(JsonGenerator g, CBORGenerator cbor, String baseName, ValueSource values, long seq,
            long timeMillis) throws IOException {
        ChannelValues.Channel c = values.nextChannel();
        int fields = 4 + (baseName != null ? 1 : 0) + (c.unit() != null ? 1 : 0);
        if (cbor != null) {
            cbor.writeStartObject(null, fields);
        } else {
            g.writeStartObject();
        }
        if (baseName != null) {
            label(g, cbor, "bn", BN);
            g.writeString(baseName);
        }
        label(g, cbor, "n", N);
        g.writeString(c.name());
        if (c.unit() != null) {
            label(g, cbor, "u", U);
            g.writeString(c.unit());
        }
        label(g, cbor, "t", T);
        if (cbor != null) {
            cbor.writeNumber(timeMillis / 1000.0);
        } else {
            g.writeNumber(BigDecimal.valueOf(timeMillis, 3));
        }
        if (c.bool()) {
            label(g, cbor, "vb", VB);
            g.writeBoolean(values.bool(c));
        } else {
            label(g, cbor, "v", V);
            g.writeNumber(values.number(c));
        }
        g.writeFieldName("seq");
        g.writeNumber(seq);
        g.writeEndObject();
    }

    private static void label(JsonGenerator g, CBORGenerator cbor, String name, int id) throws IOException {
        if (cbor != null) {
            cbor.writeFieldId(id);
        } else {
            g.writeFieldName(name);
        }
    }
}
