package org.hanedge.fleet.ingest;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;

import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.ValueType;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The payload kept for a refused record: a SenML JSON pack of that one record, self-contained (full name, absolute
 * time in seconds with milliseconds, value and unit as received, quality, seq), so a replay can store it exactly as it would have
 * been stored, whatever the original pack's base name, base fields or encoding (JSON, CBOR, thin). A record without a
 * value travels as the contract's quality record ({@code {channel}:q}, the quality in {@code vs}).
 */
final class RecordPayload {
    private static final JsonFactory JSON = new JsonFactory();
    /** The contract's name suffix of a quality record (docs/uplink.md, "Wire contract"). */
    private static final String QUALITY_SUFFIX = ":q";

    private RecordPayload() {
    }

    static byte[] of(String gatewayId, Sample r) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("bn", gatewayId + "/" + r.device() + "/");
            boolean qualityRecord = r.type() == ValueType.NONE && Double.isNaN(r.sum());
            g.writeStringField("n", qualityRecord ? r.channel() + QUALITY_SUFFIX : r.channel());
            if (r.unit() != null) {
                g.writeStringField("u", r.unit());
            }
            switch (r.type()) {
                case NUMBER -> g.writeNumberField("v", r.number());
                case BOOLEAN -> g.writeBooleanField("vb", r.bool());
                case TEXT -> g.writeStringField("vs", r.text());
                case DATA -> g.writeStringField("vd", r.text());
                case NONE -> {
                    if (qualityRecord) {
                        g.writeStringField("vs", r.quality());
                    } else {
                        g.writeNumberField("s", r.sum());
                    }
                }
            }
            g.writeFieldName("t");
            g.writeNumber(BigDecimal.valueOf(r.timeMillis()).movePointLeft(3));
            if (r.quality() != null && !qualityRecord) {
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
