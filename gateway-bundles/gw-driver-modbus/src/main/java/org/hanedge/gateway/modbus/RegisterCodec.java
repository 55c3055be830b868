package org.hanedge.gateway.modbus;

import java.nio.ByteBuffer;

import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;

/**
 * Converts between engineering values and Modbus registers as a {@link ModbusSource} describes: data type, byte order
 * within each register, word order across registers, scale and offset (engineering = raw * scale + offset).
 * Registers are unsigned 16-bit values in {@code int}s, in the order they appear on the wire.
 */
public final class RegisterCodec {

    private RegisterCodec() {
    }

    /**
     * Decodes the value starting at {@code registers[from]}. {@link DataType#BOOL} reads {@link ModbusSource#bit()}
     * (1 or 0); without a bit ({@code -1}) the whole register is tested for non-zero.
     */
    public static double decode(ModbusSource source, int[] registers, int from) {
        DataType type = source.type();
        if (type == DataType.BOOL) {
            int word = registers[from] & 0xFFFF;
            return (hasBit(source) ? word >> source.bit() & 1 : word != 0 ? 1 : 0) == 1 ? 1 : 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(toBigEndianBytes(source, registers, from));
        double raw = switch (type) {
            case INT16 -> buf.getShort();
            case UINT16 -> Short.toUnsignedInt(buf.getShort());
            case INT32 -> buf.getInt();
            case UINT32 -> Integer.toUnsignedLong(buf.getInt());
            case FLOAT32 -> buf.getFloat();
            case INT64 -> buf.getLong();
            case FLOAT64 -> buf.getDouble();
            case BOOL -> throw new AssertionError();
        };
        return raw * source.scale() + source.offset();
    }

    /**
     * Encodes an engineering value into the registers it occupies, in wire order. Integer types round to the nearest
     * raw value and saturate at the type's range, as a real transmitter clamps at its span. {@link DataType#BOOL}
     * yields one register with only {@link ModbusSource#bit()} set or clear; callers merge it into the register.
     */
    public static int[] encode(ModbusSource source, double value) {
        DataType type = source.type();
        if (type == DataType.BOOL) {
            return new int[] {value != 0 ? hasBit(source) ? 1 << source.bit() : 1 : 0};
        }
        double raw = (value - source.offset()) / source.scale();
        ByteBuffer buf = ByteBuffer.allocate(type.registers() * 2);
        switch (type) {
            case INT16 -> buf.putShort((short) clamp(raw, Short.MIN_VALUE, Short.MAX_VALUE));
            case UINT16 -> buf.putShort((short) clamp(raw, 0, 0xFFFF));
            case INT32 -> buf.putInt((int) clamp(raw, Integer.MIN_VALUE, Integer.MAX_VALUE));
            case UINT32 -> buf.putInt((int) clamp(raw, 0, 0xFFFF_FFFFL));
            case FLOAT32 -> buf.putFloat((float) raw);
            case INT64 -> buf.putLong(Math.round(raw));
            case FLOAT64 -> buf.putDouble(raw);
            case BOOL -> throw new AssertionError();
        }
        return fromBigEndianBytes(source, buf.array());
    }

    private static boolean hasBit(ModbusSource source) {
        return source.bit() >= 0 && source.bit() <= 15;
    }

    private static long clamp(double raw, long min, long max) {
        return Math.max(min, Math.min(max, Math.round(raw)));
    }

    private static byte[] toBigEndianBytes(ModbusSource source, int[] registers, int from) {
        int n = source.type().registers();
        byte[] bytes = new byte[n * 2];
        for (int i = 0; i < n; i++) {
            int word = registers[from + (source.wordOrder() == Endian.BIG ? i : n - 1 - i)];
            byte hi = (byte) (word >> 8);
            byte lo = (byte) word;
            bytes[2 * i] = source.byteOrder() == Endian.BIG ? hi : lo;
            bytes[2 * i + 1] = source.byteOrder() == Endian.BIG ? lo : hi;
        }
        return bytes;
    }

    private static int[] fromBigEndianBytes(ModbusSource source, byte[] bytes) {
        int n = bytes.length / 2;
        int[] registers = new int[n];
        for (int i = 0; i < n; i++) {
            int hi = bytes[2 * i] & 0xFF;
            int lo = bytes[2 * i + 1] & 0xFF;
            int word = source.byteOrder() == Endian.BIG ? hi << 8 | lo : lo << 8 | hi;
            registers[source.wordOrder() == Endian.BIG ? i : n - 1 - i] = word;
        }
        return registers;
    }
}
