package org.hanedge.gateway.outbox.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Payload;

/**
 * Compact, stable binary encoding of a {@link Payload}. Strings are UTF-8 with a varint length, numbers are varints
 * where that saves space. Enum constants are stored by a fixed code table (never by ordinal), so reordering
 * {@link Quality} cannot change the meaning of stored data; a quality missing from the table is stored by name.
 *
 * <pre>
 * reading: 0x01 str deviceId, str channel, byte valueKind [value], byte hasUnit [str unit],
 *          varlong epochSecond (zigzag), varint nanos, byte qualityCode [str qualityName if code 0xFF]
 *          valueKind: 0 none, 1 double (8 bytes), 2 true, 3 false, 4 string
 * event:   0x02 str topic, varlong epochSecond (zigzag), varint nanos, str json
 * </pre>
 */
final class PayloadCodec {
    static final byte READING = 1;
    static final byte EVENT = 2;
    /** Stable codes: append new qualities at the end, never reorder or remove. */
    private static final List<String> QUALITY_CODES = List.of("GOOD", "UNCERTAIN", "BAD_CONFIG",
            "BAD_DEVICE_FAILURE", "BAD_DEVICE_BUSY", "BAD_COMM", "BAD_OFFLINE");
    private static final int QUALITY_BY_NAME = 0xFF;
    private static final Map<Quality, Integer> QUALITY_TO_CODE = new HashMap<>();

    static {
        for (int i = 0; i < QUALITY_CODES.size(); i++) {
            try {
                QUALITY_TO_CODE.put(Quality.valueOf(QUALITY_CODES.get(i)), i);
            } catch (IllegalArgumentException removed) {
                // a quality that no longer exists keeps its code reserved
            }
        }
    }

    private PayloadCodec() {
    }

    static void encode(Payload payload, Bytes out) {
        if (payload instanceof Payload.OfReading r) {
            Reading reading = r.reading();
            out.put(READING);
            out.putString(reading.deviceId());
            out.putString(reading.channel());
            Object v = reading.value();
            if (v == null) {
                out.put((byte) 0);
            } else if (v instanceof Double d) {
                out.put((byte) 1);
                out.putLong(Double.doubleToRawLongBits(d));
            } else if (v instanceof Boolean b) {
                out.put((byte) (b ? 2 : 3));
            } else {
                out.put((byte) 4);
                out.putString((String) v);
            }
            if (reading.unit() == null) {
                out.put((byte) 0);
            } else {
                out.put((byte) 1);
                out.putString(reading.unit());
            }
            putInstant(reading.time(), out);
            Integer code = QUALITY_TO_CODE.get(reading.quality());
            if (code != null) {
                out.put((byte) (int) code);
            } else {
                out.put((byte) QUALITY_BY_NAME);
                out.putString(reading.quality().name());
            }
        } else if (payload instanceof Payload.OfEvent e) {
            out.put(EVENT);
            out.putString(e.topic());
            putInstant(e.time(), out);
            out.putString(e.json());
        } else {
            throw new IllegalArgumentException("unknown payload " + payload);
        }
    }

    /** Decodes a payload that occupies exactly the remaining bytes of {@code in}. */
    static Payload decode(ByteBuffer in) {
        byte type = in.get();
        Payload p;
        switch (type) {
            case READING -> {
                String deviceId = getString(in);
                String channel = getString(in);
                byte kind = in.get();
                Object value = switch (kind) {
                    case 0 -> null;
                    case 1 -> Double.longBitsToDouble(in.getLong());
                    case 2 -> Boolean.TRUE;
                    case 3 -> Boolean.FALSE;
                    case 4 -> getString(in);
                    default -> throw new IllegalArgumentException("unknown value kind " + kind);
                };
                String unit = in.get() == 0 ? null : getString(in);
                Instant time = getInstant(in);
                int code = in.get() & 0xFF;
                Quality quality = code == QUALITY_BY_NAME ? Quality.valueOf(getString(in))
                        : Quality.valueOf(QUALITY_CODES.get(code));
                p = new Payload.OfReading(new Reading(deviceId, channel, value, unit, time, quality));
            }
            case EVENT -> {
                String topic = getString(in);
                Instant time = getInstant(in);
                p = new Payload.OfEvent(topic, time, getString(in));
            }
            default -> throw new IllegalArgumentException("unknown payload type " + type);
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException(in.remaining() + " trailing bytes after payload");
        }
        return p;
    }

    private static void putInstant(Instant t, Bytes out) {
        long s = t.getEpochSecond();
        out.putVarLong((s << 1) ^ (s >> 63));
        out.putVarLong(t.getNano());
    }

    private static Instant getInstant(ByteBuffer in) {
        long z = getVarLong(in);
        long s = (z >>> 1) ^ -(z & 1);
        return Instant.ofEpochSecond(s, getVarLong(in));
    }

    private static String getString(ByteBuffer in) {
        int len = (int) getVarLong(in);
        if (len < 0 || len > in.remaining()) {
            throw new IllegalArgumentException("string length " + len + " exceeds record");
        }
        String s = new String(in.array(), in.arrayOffset() + in.position(), len, StandardCharsets.UTF_8);
        in.position(in.position() + len);
        return s;
    }

    static long getVarLong(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint");
    }

    /** A growable byte array writer (not thread-safe; one per appending thread). */
    static final class Bytes {
        byte[] buf;
        int len;

        Bytes(int capacity) {
            buf = new byte[capacity];
        }

        void reset() {
            len = 0;
        }

        void ensure(int extra) {
            if (len + extra > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + extra));
            }
        }

        void put(byte b) {
            ensure(1);
            buf[len++] = b;
        }

        void putInt(int v) {
            ensure(4);
            putIntAt(len, v);
            len += 4;
        }

        void putIntAt(int at, int v) {
            buf[at] = (byte) (v >>> 24);
            buf[at + 1] = (byte) (v >>> 16);
            buf[at + 2] = (byte) (v >>> 8);
            buf[at + 3] = (byte) v;
        }

        void putLong(long v) {
            ensure(8);
            putLongAt(len, v);
            len += 8;
        }

        void putLongAt(int at, long v) {
            putIntAt(at, (int) (v >>> 32));
            putIntAt(at + 4, (int) v);
        }

        void putVarLong(long v) {
            ensure(10);
            while ((v & ~0x7FL) != 0) {
                buf[len++] = (byte) ((v & 0x7F) | 0x80);
                v >>>= 7;
            }
            buf[len++] = (byte) v;
        }

        void putString(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            putVarLong(b.length);
            ensure(b.length);
            System.arraycopy(b, 0, buf, len, b.length);
            len += b.length;
        }
    }
}
