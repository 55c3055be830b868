package org.hanedge.contract.senml;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

import org.hanedge.contract.mqtt.Topics;

/**
 * The thin-link form: one SenML CBOR pack (RFC 8428 §6) from a list of samples, as small as the RFC allows while
 * a standard decoder still reads every name, value and time (docs/uplink.md, "Thin form"):
 *
 * <ul>
 * <li>names {@code {device}/{channel}} without the gateway, which the receiver takes from the topic (the decoder's
 * name rule; {@code gatewayInNames} keeps {@code {gateway}/{device}/{channel}});</li>
 * <li>records grouped by name: a channel with several records in the pack is sent as a group under
 * {@code bn = {device}/{channel}} with no {@code n}; a channel with few records (where that is smaller,
 * {@link #groupIsSmaller}) goes under {@code bn = {device}/} with {@code n = {channel}} on each record. Records
 * without a numeric unit first, then by unit, with {@code bu} set when the unit changes (a base unit cannot be
 * unset); within a unit by device, single records before groups;</li>
 * <li>{@code bt} on the first record = the record time (rounded to the time resolution) that makes the relative
 * times smallest on the wire; every {@code t} relative to it (negative before it), an integer of seconds at 1 s
 * resolution, left out when 0;</li>
 * <li>numbers converted to their registered unit, rounded to the precision and written as the smallest CBOR number
 * that reads back as the same decimal: an integer, a float16 when exact, a float32, else a float64;</li>
 * <li>sequence numbers: the first record carries its {@code seq} and either {@code sr} ({@link SeqRanks}: the
 * numbers follow from the records' times, with a few bits per record that shares its time with others) when the
 * pack's numbers are consecutive in time order and that is shorter, or {@code so}, a byte string of one zigzag varint
 * per following record: its seq minus the first record's. A standard decoder ignores them (RFC 8428 §4.4).</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class ThinEncoder {
    private final long timeResolutionMillis;
    private final boolean gatewayInNames;

    /**
     * Names without the gateway ({@code bn = {device}/{channel}}): the receiver takes the gateway from the topic.
     *
     * @param timeResolutionMillis times are rounded to this (1000: whole seconds); at least 1
     */
    public ThinEncoder(long timeResolutionMillis) {
        this(timeResolutionMillis, false);
    }

    /**
     * @param timeResolutionMillis times are rounded to this (1000: whole seconds); at least 1
     * @param gatewayInNames       true: full names {@code {gateway}/{device}/{channel}} (for a receiver that does not
     *                             read names relative to the topic's gateway); false: {@code {device}/{channel}}
     */
    public ThinEncoder(long timeResolutionMillis, boolean gatewayInNames) {
        this.gatewayInNames = gatewayInNames;
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
        Topics.requireGatewayId(gatewayId);
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("a pack needs at least one sample");
        }
        List<Entry> entries = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            SenmlNames.requireValid(null, s);
            entries.add(Entry.of(s, precisions.of(s.device(), s.channel())));
        }
        Map<String, Integer> groupSizes = new HashMap<>();
        entries.forEach(e -> groupSizes.merge(e.key(), 1, Integer::sum));
        Set<String> grouped = new HashSet<>();
        groupSizes.forEach((key, k) -> {
            if (groupIsSmaller(key, k)) {
                grouped.add(key);
            }
        });
        entries.sort(Comparator.comparing((Entry e) -> e.unit == null ? "" : e.unit)
                .thenComparing(e -> e.sample.device()).thenComparing(e -> grouped.contains(e.key()))
                .thenComparing(e -> e.name));
        long base = baseTime(entries);
        ThinCbor c = new ThinCbor(16 + samples.size() * 10);
        c.array(entries.size());
        String lastName = null;
        String lastUnit = null;
        long firstSeq = entries.get(0).sample.seq();
        String seqLabel = Labels.SEQ_OFFSETS;
        byte[] seqBytes = offsets(entries, firstSeq);
        byte[] ranks = SeqRanks.encode(entries.stream().mapToLong(e -> round(e.sample.timeMillis())).toArray(),
                entries.stream().mapToLong(e -> e.sample.seq()).toArray());
        if (ranks != null && ranks.length < seqBytes.length) {
            seqLabel = Labels.SEQ_RANKS;
            seqBytes = ranks;
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            boolean inGroup = grouped.contains(e.key());
            String name = (gatewayInNames ? SenmlEncoder.baseName(gatewayId, e.sample.device())
                    : e.sample.device() + "/") + (inGroup ? e.name : "");
            boolean newName = !name.equals(lastName);
            boolean newUnit = e.unit != null && !e.unit.equals(lastUnit);
            long rel = round(e.sample.timeMillis()) - base;
            int fields = 1 + (i == 0 ? 3 : 0) + (newName ? 1 : 0) + (inGroup ? 0 : 1) + (newUnit ? 1 : 0)
                    + (rel != 0 ? 1 : 0) + (e.q != null ? 1 : 0);
            c.map(fields);
            if (i == 0) {
                c.integer(Labels.BT);
                seconds(c, base);
            }
            if (newName) {
                c.integer(Labels.BN);
                c.text(name);
                lastName = name;
            }
            if (!inGroup) {
                c.integer(Labels.N);
                c.text(e.name);
            }
            if (newUnit) {
                c.integer(Labels.BU);
                c.text(e.unit);
                lastUnit = e.unit;
            }
            if (rel != 0) {
                c.integer(Labels.T);
                seconds(c, rel);
            }
            e.writeValue(c);
            if (e.q != null) {
                c.text(Labels.Q);
                c.text(e.q);
            }
            if (i == 0) {
                c.text(Labels.SEQ);
                c.integer(firstSeq);
                c.text(seqLabel);
                c.bytes(seqBytes);
            }
        }
        return c.toByteArray();
    }

    /** The record time that makes the relative times smallest on the wire (records at bt carry no t). */
    private long baseTime(List<Entry> entries) {
        long[] times = entries.stream().mapToLong(e -> round(e.sample.timeMillis())).sorted().toArray();
        long best = times[0];
        long bestCost = Long.MAX_VALUE;
        for (int i = 0; i < times.length; i++) {
            if (i > 0 && times[i] == times[i - 1]) {
                continue;
            }
            long cost = 0;
            for (long t : times) {
                cost += t == times[i] ? 0 : 1 + intSize((t - times[i]) / 1000);
            }
            if (cost < bestCost) {
                bestCost = cost;
                best = times[i];
            }
        }
        return best;
    }

    private static int intSize(long v) {
        long n = v < 0 ? -1 - v : v;
        return n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : n < 0x1_0000_0000L ? 5 : 9;
    }

    /**
     * Whether k records of one name cost less as a group ({@code bn = {device}/{channel}} once) than each with its
     * {@code n = {channel}} under the device's {@code bn = {device}/}. Gateway ids and the shared device base name
     * are left out of the comparison: both layouts pay them alike.
     */
    static boolean groupIsSmaller(String key, int k) {
        int slash = key.indexOf('/');
        int channel = key.length() - slash - 1;
        return 1 + textSize(key.length()) < k * (1 + textSize(channel));
    }

    private static int textSize(int length) {
        return length + (length < 24 ? 1 : length < 256 ? 2 : 3);
    }

    private long round(long millis) {
        return Math.floorDiv(millis + timeResolutionMillis / 2, timeResolutionMillis) * timeResolutionMillis;
    }

    private static void seconds(ThinCbor c, long millis) {
        if (millis % 1000 == 0) {
            c.integer(millis / 1000);
        } else {
            c.decimal(BigDecimal.valueOf(millis, 3));
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
        String key() {
            return sample.device() + "/" + name;
        }

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

        void writeValue(ThinCbor c) {
            if (name.endsWith(Labels.QUALITY_SUFFIX)) {
                c.integer(Labels.VS);
                c.text(sample.quality());
                return;
            }
            switch (sample.type()) {
                case NUMBER -> {
                    c.integer(Labels.V);
                    c.decimal(number.value());
                }
                case BOOLEAN -> {
                    c.integer(Labels.VB);
                    c.bool(sample.bool());
                }
                case TEXT -> {
                    c.integer(Labels.VS);
                    c.text(sample.text());
                }
                case DATA -> {
                    c.integer(Labels.VD);
                    c.bytes(java.util.Base64.getUrlDecoder().decode(sample.text()));
                }
                default -> throw new IllegalStateException(sample.type().name());
            }
        }
    }
}
