package org.hanedge.fleet.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import org.hanedge.fleet.ingest.senml.SenmlRecord;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The payload kept for a refused record: a SenML JSON pack of that one record, self-contained (full name, absolute
 * time in seconds with milliseconds, value, unit, quality, seq), so a replay can store it exactly as it would have
 * been stored, whatever the original pack's base name or encoding (JSON or CBOR).
 */
final class RecordPayload {
    private static final JsonFactory JSON = new JsonFactory();

    private RecordPayload() {
    }

    static byte[] of(String gatewayId, SenmlRecord r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("bn", gatewayId + "/" + r.deviceId() + "/");
            g.writeStringField("n", r.channel());
            if (r.unit() != null) {
                g.writeStringField("u", r.unit());
            }
            switch (r.valueType()) {
                case NUMBER -> {
                    if (Double.isFinite(r.number())) {
                        g.writeNumberField("v", r.number());
                    }
                }
                case BOOLEAN -> g.writeBooleanField("vb", r.bool());
                case TEXT -> g.writeStringField("vs", r.text());
                case NONE -> { }
            }
            g.writeFieldName("t");
            g.writeNumber(BigDecimal.valueOf(r.timeMillis()).movePointLeft(3));
            if (r.quality() != null) {
                g.writeStringField("q", r.quality());
            }
            g.writeNumberField("seq", r.seq());
            g.writeEndObject();
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
