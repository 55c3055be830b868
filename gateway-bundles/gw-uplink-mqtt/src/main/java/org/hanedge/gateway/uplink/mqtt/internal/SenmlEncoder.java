package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * Encodes single SenML records and assembles them into packs. A pack is the concatenation of its encoded records in
 * an array, so the encoded size of a pack is known exactly from the sizes of its records ({@link #packSize}).
 *
 * <p>Record fields: {@code bn} (only when given), {@code n} channel, {@code u} unit (when the reading has one),
 * {@code t} seconds since the epoch with millisecond precision, one of {@code v}/{@code vb}/{@code vs} (absent for a
 * value-less reading), extension {@code q} (the quality, absent when {@link Quality#GOOD}) and extension {@code seq}
 * (the outbox sequence number). CBOR uses the RFC 8428 §6 integer labels for the standard fields and text keys for
 * the extensions. A non-finite number (NaN, infinity) cannot be represented in SenML: such a record carries no value
 * and {@code q = "NON_FINITE"}.
 */
public final class SenmlEncoder {
    static final int BN = -2;
    static final int N = 0;
    static final int U = 1;
    static final int V = 2;
    static final int VS = 3;
    static final int VB = 4;
    static final int T = 6;
    static final String NON_FINITE = "NON_FINITE";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private final SenmlFormat format;

    public SenmlEncoder(SenmlFormat format) {
        this.format = format;
    }

    public SenmlFormat format() {
        return format;
    }

    /** Encodes one record; {@code baseName} may be null (the record then inherits the previous base name). */
    public byte[] encodeRecord(String baseName, Reading reading, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try {
            if (format == SenmlFormat.JSON) {
                try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
                    writeRecord(g, null, baseName, reading, seq);
                }
            } else {
                try (CBORGenerator g = CBOR_FACTORY.createGenerator(out)) {
                    writeRecord(g, g, baseName, reading, seq);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeRecord(JsonGenerator g, CBORGenerator cbor, String baseName, Reading r, long seq)
            throws IOException {
        Object value = r.value();
        boolean nonFinite = value instanceof Double d && !Double.isFinite(d);
        if (nonFinite) {
            value = null;
        }
        String q = nonFinite ? NON_FINITE : r.quality() == Quality.GOOD ? null : r.quality().name();
        int fields = 3 + (baseName != null ? 1 : 0) + (r.unit() != null ? 1 : 0) + (value != null ? 1 : 0)
                + (q != null ? 1 : 0);
        if (cbor != null) {
            cbor.writeStartObject(null, fields); // definite-length map: smaller, and what most decoders expect
        } else {
            g.writeStartObject();
        }
        if (baseName != null) {
            label(g, cbor, "bn", BN);
            g.writeString(baseName);
        }
        label(g, cbor, "n", N);
        g.writeString(r.channel());
        if (r.unit() != null) {
            label(g, cbor, "u", U);
            g.writeString(r.unit());
        }
        label(g, cbor, "t", T);
        long millis = r.time().toEpochMilli();
        if (cbor != null) {
            cbor.writeNumber(millis / 1000.0);
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
        if (value instanceof Double d) {
            label(g, cbor, "v", V);
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            label(g, cbor, "vb", VB);
            g.writeBoolean(b);
        } else if (value instanceof String s) {
            label(g, cbor, "vs", VS);
            g.writeString(s);
        }
        if (q != null) {
            g.writeFieldName("q");
            g.writeString(q);
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

    /** The exact encoded size of a pack of {@code records} records whose encodings sum to {@code recordBytes}. */
    public int packSize(int records, long recordBytes) {
        long size = format == SenmlFormat.JSON ? 2 + recordBytes + Math.max(0, records - 1)
                : cborHeaderSize(records) + recordBytes;
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Joins encoded records into a pack (a JSON array or a definite-length CBOR array). */
    public byte[] pack(List<byte[]> records) {
        long sum = 0;
        for (byte[] r : records) {
            sum += r.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(packSize(records.size(), sum));
        if (format == SenmlFormat.JSON) {
            out.write('[');
            for (int i = 0; i < records.size(); i++) {
                if (i > 0) {
                    out.write(',');
                }
                out.writeBytes(records.get(i));
            }
            out.write(']');
        } else {
            writeCborArrayHeader(out, records.size());
            records.forEach(out::writeBytes);
        }
        return out.toByteArray();
    }

    static int cborHeaderSize(int n) {
        return n < 24 ? 1 : n < 256 ? 2 : n < 65536 ? 3 : 5;
    }

    private static void writeCborArrayHeader(ByteArrayOutputStream out, int n) {
        int major = 4 << 5;
        if (n < 24) {
            out.write(major | n);
        } else if (n < 256) {
            out.write(major | 24);
            out.write(n);
        } else if (n < 65536) {
            out.write(major | 25);
            out.write(n >>> 8);
            out.write(n);
        } else {
            out.write(major | 26);
            out.write(n >>> 24);
            out.write(n >>> 16);
            out.write(n >>> 8);
            out.write(n);
        }
    }

    /** For logs and tests: the pack as text (JSON) or a short description (CBOR). */
    public String describe(byte[] pack) {
        return format == SenmlFormat.JSON ? new String(pack, StandardCharsets.UTF_8) : pack.length + " bytes of CBOR";
    }
}
