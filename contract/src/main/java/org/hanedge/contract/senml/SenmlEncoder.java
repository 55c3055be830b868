package org.hanedge.contract.senml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.hanedge.contract.mqtt.Topics;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * Encodes SenML records one at a time and joins them into packs (the JSON and CBOR forms; the thin form is
 * {@link ThinEncoder}). A pack is its records in an array, so its size is known exactly from its records' sizes
 * ({@link #packSize}) before it is built: a sender can fill a message up to a byte limit. Thread-safe.
 *
 * <p>Every record has exactly one value (RFC 8428 §4.2): a number {@code v} (converted to its registered unit,
 * rounded to the precision), {@code vb} or {@code vs}; its quality in the extension {@code q} when not GOOD; its
 * sequence number in the extension {@code seq}. A sample without a value ({@link ValueType#NONE}, or a non-finite
 * number, whose quality becomes {@value #NON_FINITE}) travels as a quality record: name {@code {channel}:q},
 * {@code vs} = the quality name. CBOR uses the §6 integer labels, text keys for the extensions, definite lengths.
 *
 * <pre>{@code
 * SenmlEncoder enc = new SenmlEncoder(SenmlFormat.JSON);
 * byte[] r1 = enc.encodeRecord(SenmlEncoder.baseName("gw1", "lake-sonde"), sample1, new BigDecimal("0.1"));
 * byte[] r2 = enc.encodeRecord(null, sample2, null);             // same device: inherits the base name
 * byte[] pack = enc.pack(List.of(r1, r2));                        // enc.packSize(2, r1.length + r2.length) bytes
 * }</pre>
 */
public final class SenmlEncoder {
    /** Quality of a number that has no SenML representation (NaN, infinity). */
    public static final String NON_FINITE = "NON_FINITE";

    private static final JsonFactory JSON_FACTORY = new JsonFactory();
    private static final CBORFactory CBOR_FACTORY = new CBORFactory();

    private final SenmlFormat format;

    public SenmlEncoder(SenmlFormat format) {
        this.format = Objects.requireNonNull(format, "format");
    }

    public SenmlFormat format() {
        return format;
    }

    /** The base name of a device's records: {@code {gatewayId}/{deviceId}/}. */
    public static String baseName(String gatewayId, String deviceId) {
        Topics.requireGatewayId(gatewayId);
        return gatewayId + "/" + deviceId + "/";
    }

    /**
     * Encodes one record.
     *
     * @param baseName  {@code bn}, or null to inherit the previous record's
     * @param sample    the reading; its unit is the profile's field unit
     * @param precision the precision step in the field unit (e.g. 0.1), or null for the double's shortest decimal
     * @throws IllegalArgumentException naming the sample when its name has characters RFC 8428 §4.5.1 forbids
     */
    public byte[] encodeRecord(String baseName, Sample sample, BigDecimal precision) {
        SenmlNames.requireValid(baseName, sample);
        ByteArrayOutputStream out = new ByteArrayOutputStream(96);
        try {
            if (format == SenmlFormat.JSON) {
                try (JsonGenerator g = JSON_FACTORY.createGenerator(out)) {
                    write(g, null, baseName, sample, precision);
                }
            } else {
                try (CBORGenerator g = CBOR_FACTORY.createGenerator(out)) {
                    write(g, g, baseName, sample, precision);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void write(JsonGenerator g, CBORGenerator cbor, String baseName, Sample s, BigDecimal precision)
            throws IOException {
        boolean nonFinite = s.type() == ValueType.NUMBER && !Double.isFinite(s.number());
        boolean qualityRecord = s.type() == ValueType.NONE || nonFinite;
        String quality = nonFinite ? NON_FINITE : s.quality();
        WireNumber number = s.type() == ValueType.NUMBER && !nonFinite ? WireNumber.of(s.number(), s.unit(), precision)
                : null;
        boolean hasQ = !qualityRecord && quality != null;
        boolean hasU = number != null && number.unit() != null;
        int fields = 4 + (baseName != null ? 1 : 0) + (hasU ? 1 : 0) + (hasQ ? 1 : 0);
        if (cbor != null) {
            cbor.writeStartObject(null, fields);
        } else {
            g.writeStartObject();
        }
        if (baseName != null) {
            label(g, cbor, Labels.BN);
            g.writeString(baseName);
        }
        label(g, cbor, Labels.N);
        g.writeString(qualityRecord ? s.channel() + Labels.QUALITY_SUFFIX : s.channel());
        if (hasU) {
            label(g, cbor, Labels.U);
            g.writeString(number.unit());
        }
        label(g, cbor, Labels.T);
        long millis = s.timeMillis();
        if (cbor != null) {
            if (millis % 1000 == 0) {
                g.writeNumber(millis / 1000);
            } else {
                g.writeNumber(millis / 1000.0);
            }
        } else {
            g.writeNumber(BigDecimal.valueOf(millis, 3));
        }
        if (qualityRecord) {
            label(g, cbor, Labels.VS);
            g.writeString(quality);
        } else {
            switch (s.type()) {
                case NUMBER -> {
                    label(g, cbor, Labels.V);
                    if (cbor != null) {
                        number.writeCbor(g);
                    } else {
                        number.writeJson(g);
                    }
                }
                case BOOLEAN -> {
                    label(g, cbor, Labels.VB);
                    g.writeBoolean(s.bool());
                }
                case TEXT -> {
                    label(g, cbor, Labels.VS);
                    g.writeString(s.text());
                }
                case DATA -> {
                    label(g, cbor, Labels.VD);
                    if (cbor != null) {
                        g.writeBinary(java.util.Base64.getUrlDecoder().decode(s.text()));
                    } else {
                        g.writeString(s.text());
                    }
                }
                default -> throw new IllegalStateException(s.type().name());
            }
        }
        if (hasQ) {
            g.writeFieldName(Labels.Q);
            g.writeString(quality);
        }
        g.writeFieldName(Labels.SEQ);
        g.writeNumber(s.seq());
        g.writeEndObject();
    }

    static void label(JsonGenerator g, CBORGenerator cbor, int label) throws IOException {
        if (cbor != null) {
            cbor.writeFieldId(label);
        } else {
            g.writeFieldName(Labels.jsonName(label));
        }
    }

    /** The exact encoded size of a pack of {@code records} records whose encodings sum to {@code recordBytes}. */
    public int packSize(int records, long recordBytes) {
        long size = format == SenmlFormat.JSON ? 2 + recordBytes + Math.max(0, records - 1)
                : CborArrays.headerSize(records) + recordBytes;
        return (int) Math.min(Integer.MAX_VALUE, size);
    }

    /** Joins encoded records into a pack (a JSON array, or a definite-length CBOR array). */
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
            CborArrays.writeHeader(out, records.size());
            records.forEach(out::writeBytes);
        }
        return out.toByteArray();
    }

    /**
     * A whole pack of samples in their order: {@code bn} on the first record and whenever the device changes.
     *
     * @param precisions the precision of each sample's channel ({@link Precisions#NONE} for none)
     */
    public byte[] encodePack(String gatewayId, List<Sample> samples, Precisions precisions) {
        List<byte[]> records = new ArrayList<>(samples.size());
        String lastDevice = null;
        for (Sample s : samples) {
            String bn = s.device().equals(lastDevice) ? null : baseName(gatewayId, s.device());
            records.add(encodeRecord(bn, s, precisions.of(s.device(), s.channel())));
            lastDevice = s.device();
        }
        return pack(records);
    }
}
