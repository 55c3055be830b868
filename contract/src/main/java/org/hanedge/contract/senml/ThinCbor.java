package org.hanedge.contract.senml;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * A minimal definite-length CBOR writer (RFC 8949) for the thin form: integers, text and byte strings, maps, arrays,
 * booleans, and numbers in the smallest form that reads back as the same decimal (integer, float16, float32,
 * float64). Jackson's generator has no float16, hence this class.
 */
final class ThinCbor {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private final ByteArrayOutputStream out;

    ThinCbor(int expectedBytes) {
        out = new ByteArrayOutputStream(expectedBytes);
    }

    byte[] toByteArray() {
        return out.toByteArray();
    }

    void array(int size) {
        head(4, size);
    }

    void map(int size) {
        head(5, size);
    }

    void integer(long v) {
        if (v >= 0) {
            head(0, v);
        } else {
            head(1, -1 - v);
        }
    }

    void text(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        head(3, b.length);
        out.writeBytes(b);
    }

    void bytes(byte[] b) {
        head(2, b.length);
        out.writeBytes(b);
    }

    void bool(boolean b) {
        out.write(b ? 0xF5 : 0xF4);
    }

    /** The exact decimal {@code value} as the smallest CBOR number a decoder reads back as that decimal. */
    void decimal(BigDecimal value) {
        if (value.signum() == 0 || value.stripTrailingZeros().scale() <= 0) {
            BigInteger i = value.toBigInteger();
            if (i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0) {
                integer(i.longValue());
                return;
            }
        }
        float f = value.floatValue();
        if (Float.isFinite(f) && new BigDecimal(Float.toString(f)).compareTo(value) == 0) {
            int half = exactHalf(f);
            if (half >= 0) { // exact in float16 (e.g. 21.5, 0.25): the same value in 2 bytes less
                out.write(0xF9);
                out.write(half >>> 8);
                out.write(half);
            } else {
                out.write(0xFA);
                writeBits(Float.floatToIntBits(f), 4);
            }
        } else {
            out.write(0xFB);
            writeBits(Double.doubleToLongBits(value.doubleValue()), 8);
        }
    }

    /** The IEEE 754 binary16 bits of {@code f} when it is a normal float16 exactly, else -1. */
    static int exactHalf(float f) {
        int bits = Float.floatToIntBits(f);
        int exp = ((bits >>> 23) & 0xFF) - 127;
        int mantissa = bits & 0x7F_FFFF;
        if (exp < -14 || exp > 15 || (mantissa & 0x1FFF) != 0) {
            return -1;
        }
        return (bits >>> 31) << 15 | (exp + 15) << 10 | mantissa >>> 13;
    }

    private void head(int major, long n) {
        int m = major << 5;
        if (n < 24) {
            out.write(m | (int) n);
        } else if (n < 0x100) {
            out.write(m | 24);
            out.write((int) n);
        } else if (n < 0x10000) {
            out.write(m | 25);
            writeBits(n, 2);
        } else if (n < 0x1_0000_0000L) {
            out.write(m | 26);
            writeBits(n, 4);
        } else {
            out.write(m | 27);
            writeBits(n, 8);
        }
    }

    private void writeBits(long bits, int bytes) {
        for (int i = bytes - 1; i >= 0; i--) {
            out.write((int) (bits >>> (8 * i)));
        }
    }
}
