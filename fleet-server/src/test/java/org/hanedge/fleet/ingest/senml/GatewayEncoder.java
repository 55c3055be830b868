package org.hanedge.fleet.ingest.senml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * Test-side copy of the gateway's encoder (gw-uplink-mqtt {@code SenmlEncoder} + {@code MessageBuilder}'s base
 * name rule), so packs are byte-for-byte what a gateway sends: base name on the first record and whenever the
 * device changes; a pack is the concatenation of the encoded records.
 */
final class GatewayEncoder {
    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private GatewayEncoder() {
    }

    /** A pack of readings with consecutive seqs from {@code firstSeq}. */
    static byte[] pack(SenmlFormat format, String gatewayId, List<Reading> readings, long firstSeq) {
        List<byte[]> records = new ArrayList<>();
        String device = null;
        for (int i = 0; i < readings.size(); i++) {
            Reading r = readings.get(i);
            String bn = r.deviceId().equals(device) ? null : gatewayId + "/" + r.deviceId() + "/";
            device = r.deviceId();
            records.add(record(format, bn, r, firstSeq + i));
        }
        return join(format, records);
    }

    static byte[] join(SenmlFormat format, List<byte[]> records) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
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
            int n = records.size();
            if (n < 24) {
                out.write(0x80 | n);
            } else if (n < 256) {
                out.write(0x98);
                out.write(n);
            } else {
                out.write(0x99);
                out.write(n >>> 8);
                out.write(n);
            }
            records.forEach(out::writeBytes);
        }
        return out.toByteArray();
    }

    static byte[] record(SenmlFormat format, String baseName, Reading r, long seq) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try {
            if (format == SenmlFormat.JSON) {
                try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
                    write(g, null, baseName, r, seq);
                }
            } else {
                try (CBORGenerator g = CBOR_FACTORY.createGenerator(out)) {
                    write(g, g, baseName, r, seq);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, CBORGenerator cbor, String baseName, Reading r, long seq)
            throws IOException {
        Object value = r.value();
        boolean nonFinite = value instanceof Double d && !Double.isFinite(d);
        if (nonFinite) {
            value = null;
        }
        String q = nonFinite ? "NON_FINITE" : r.quality() == Quality.GOOD ? null : r.quality().name();
        int fields = 3 + (baseName != null ? 1 : 0) + (r.unit() != null ? 1 : 0) + (value != null ? 1 : 0)
                + (q != null ? 1 : 0);
        if (cbor != null) {
            cbor.writeStartObject(null, fields);
        } else {
            g.writeStartObject();
        }
        if (baseName != null) {
            label(g, cbor, "bn", -2);
            g.writeString(baseName);
        }
        label(g, cbor, "n", 0);
        g.writeString(r.channel());
        if (r.unit() != null) {
            label(g, cbor, "u", 1);
            g.writeString(r.unit());
        }
        label(g, cbor, "t", 6);
        long millis = r.time().toEpochMilli();
        if (cbor != null) {
            cbor.writeNumber(millis / 1000.0);
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
        if (value instanceof Double d) {
            label(g, cbor, "v", 2);
            g.writeNumber(d);
        } else if (value instanceof Boolean b) {
            label(g, cbor, "vb", 4);
            g.writeBoolean(b);
        } else if (value instanceof String s) {
            label(g, cbor, "vs", 3);
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
}
