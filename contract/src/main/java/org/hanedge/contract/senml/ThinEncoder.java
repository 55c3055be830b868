package org.hanedge.contract.senml;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;

/**
 * The thin-link form: one SenML CBOR pack (RFC 8428 §6) from a list of samples, as small as the RFC allows while
 * a standard decoder still reads every name, value and time (docs/uplink.md, "Thin form"):
 *
 * <ul>
 * <li>records grouped by name (device, channel), so the full name is sent once per group as {@code bn} and the
 * records carry no {@code n}; groups without a numeric unit first, then by unit, with {@code bu} set when the unit
 * changes (a base unit cannot be unset);</li>
 * <li>{@code bt} on the first record = the earliest time, rounded to the time resolution; every {@code t} relative to
 * it, an integer of seconds at 1 s resolution, left out when 0;</li>
 * <li>numbers converted to their registered unit, rounded to the precision and written as the smallest CBOR number
 * that reads back as the same decimal;</li>
 * <li>sequence numbers: the first record carries its {@code seq} and {@code so}, a byte string of one zigzag varint
 * per following record: its seq minus the first record's. A standard decoder ignores both (RFC 8428 §4.4).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class ThinEncoder {
    private static final CBORFactory CBOR = new CBORFactory();
    private final long timeResolutionMillis;

    /** @param timeResolutionMillis times are rounded to this (1000: whole seconds); at least 1 */
    public ThinEncoder(long timeResolutionMillis) {
        if (timeResolutionMillis < 1) {
            throw new IllegalArgumentException("time resolution must be at least 1 ms, got " + timeResolutionMillis);
        }
        this.timeResolutionMillis = timeResolutionMillis;
    }

    /**
     * @param gatewayId  the sending gateway
     * @param samples    the pack's samples, any order, at least one; units are the profile's field units
     * @param precisions each channel's precision in its field unit
     */
    public byte[] encode(String gatewayId, List<Sample> samples, Precisions precisions) {
        Objects.requireNonNull(precisions, "precisions");
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a pack needs at least one sample");
        }
        List<Entry> entries = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            SenmlNames.requireValid(null, s);
            entries.add(Entry.of(s, precisions.of(s.device(), s.channel())));
        }
        entries.sort(Comparator.comparing((Entry e) -> e.unit == null ? "" : e.unit)
                .thenComparing(e -> e.sample.device()).thenComparing(e -> e.name));
        long base = Long.MAX_VALUE;
        for (Entry e : entries) {
            base = Math.min(base, round(e.sample.timeMillis()));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 + samples.size() * 12);
        try (CBORGenerator g = CBOR.createGenerator(out)) {
            g.writeStartArray(null, entries.size());
            String lastName = null;
            String lastUnit = null;
            long firstSeq = entries.get(0).sample.seq();
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                String fullName = SenmlEncoder.baseName(gatewayId, e.sample.device()) + e.name;
                boolean newName = !fullName.equals(lastName);
                boolean newUnit = e.unit != null && !e.unit.equals(lastUnit);
                long rel = round(e.sample.timeMillis()) - base;
                int fields = 1 + (i == 0 ? 3 : 0) + (newName ? 1 : 0) + (newUnit ? 1 : 0) + (rel != 0 ? 1 : 0)
                        + (e.q != null ? 1 : 0);
                g.writeStartObject(null, fields);
                if (i == 0) {
                    g.writeFieldId(Labels.BT);
                    writeSeconds(g, base);
                }
                if (newName) {
                    g.writeFieldId(Labels.BN);
                    g.writeString(fullName);
                    lastName = fullName;
                }
                if (newUnit) {
                    g.writeFieldId(Labels.BU);
                    g.writeString(e.unit);
                    lastUnit = e.unit;
                }
                if (rel != 0) {
                    g.writeFieldId(Labels.T);
                    writeSeconds(g, rel);
                }
                e.writeValue(g);
                if (e.q != null) {
                    g.writeFieldName(Labels.Q);
                    g.writeString(e.q);
                }
                if (i == 0) {
                    g.writeFieldName(Labels.SEQ);
                    g.writeNumber(firstSeq);
                    g.writeFieldName(Labels.SEQ_OFFSETS);
                    g.writeBinary(offsets(entries, firstSeq));
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private long round(long millis) {
        return Math.floorDiv(millis + timeResolutionMillis / 2, timeResolutionMillis) * timeResolutionMillis;
    }

    private static void writeSeconds(CBORGenerator g, long millis) throws IOException {
        if (millis % 1000 == 0) {
            g.writeNumber(millis / 1000);
        } else {
            WireNumber.writeCbor(g, BigDecimal.valueOf(millis, 3));
        }
    }

    private static byte[] offsets(List<Entry> entries, long firstSeq) {
        ByteArrayOutputStream b = new ByteArrayOutputStream(entries.size());
        for (int i = 1; i < entries.size(); i++) {
            long d = entries.get(i).sample.seq() - firstSeq;
            long zigzag = (d << 1) ^ (d >> 63);
            while ((zigzag & ~0x7FL) != 0) {
                b.write((int) (zigzag & 0x7F) | 0x80);
                zigzag >>>= 7;
            }
            b.write((int) zigzag);
        }
        return b.toByteArray();
    }

    /** A sample with its record name, wire value and unit worked out. */
    private record Entry(Sample sample, String name, WireNumber number, String unit, String q) {
        static Entry of(Sample s, BigDecimal precision) {
            boolean nonFinite = s.type() == ValueType.NUMBER && !Double.isFinite(s.number());
            if (s.type() == ValueType.NONE || nonFinite) {
                return new Entry(nonFinite ? withQuality(s, SenmlEncoder.NON_FINITE) : s,
                        s.channel() + Labels.QUALITY_SUFFIX, null, null, null);
            }
            WireNumber n = s.type() == ValueType.NUMBER ? WireNumber.of(s.number(), s.unit(), precision) : null;
            return new Entry(s, s.channel(), n, n == null ? null : n.unit(), s.quality());
        }

        private static Sample withQuality(Sample s, String q) {
            return Sample.noValue(s.device(), s.channel(), s.timeMillis(), q, s.seq());
        }

        void writeValue(CBORGenerator g) throws IOException {
            if (name.endsWith(Labels.QUALITY_SUFFIX)) {
                g.writeFieldId(Labels.VS);
                g.writeString(sample.quality());
                return;
            }
            switch (sample.type()) {
                case NUMBER -> {
                    g.writeFieldId(Labels.V);
                    number.writeCbor(g);
                }
                case BOOLEAN -> {
                    g.writeFieldId(Labels.VB);
                    g.writeBoolean(sample.bool());
                }
                case TEXT -> {
                    g.writeFieldId(Labels.VS);
                    g.writeString(sample.text());
                }
                case DATA -> {
                    g.writeFieldId(Labels.VD);
                    g.writeBinary(java.util.Base64.getUrlDecoder().decode(sample.text()));
                }
                default -> throw new IllegalStateException(sample.type().name());
            }
        }
    }
}
