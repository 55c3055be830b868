package org.hanedge.gateway.modbus;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class RegisterCodecTest {

    private static final Endian B = Endian.BIG;
    private static final Endian L = Endian.LITTLE;

    private static ModbusSource src(DataType type, String order, double scale, double offset) {
        // order names as met in the field: ABCD big/big, CDAB big bytes little words, BADC, DCBA
        Endian bytes = order.equals("ABCD") || order.equals("CDAB") ? B : L;
        Endian words = order.equals("ABCD") || order.equals("BADC") ? B : L;
        return new ModbusSource(RegisterTable.HOLDING_REGISTER, 0, type, bytes, words, scale, offset, -1);
    }

    private static int[] regs(String hex) {
        String[] parts = hex.trim().split("\\s+");
        int[] r = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            r[i] = Integer.parseInt(parts[i], 16);
        }
        return r;
    }

    /** Decodes the pattern, and encodes the value back to exactly the pattern. */
    @ParameterizedTest(name = "{0} {1} {2} = {3}")
    @CsvSource({
        "FLOAT32, ABCD, 42F6 E979, 123.456",
        "FLOAT32, CDAB, E979 42F6, 123.456",
        "FLOAT32, BADC, F642 79E9, 123.456",
        "FLOAT32, DCBA, 79E9 F642, 123.456",
        "FLOAT32, ABCD, C2F6 E979, -123.456",
        "INT32,   ABCD, FFFF FFFE, -2",
        "INT32,   CDAB, FFFE FFFF, -2",
        "INT32,   BADC, FFFF FEFF, -2",
        "INT32,   DCBA, FEFF FFFF, -2",
        "UINT32,  ABCD, EE6B 2800, 4000000000",
        "UINT32,  CDAB, 2800 EE6B, 4000000000",
        "UINT32,  BADC, 6BEE 0028, 4000000000",
        "UINT32,  DCBA, 0028 6BEE, 4000000000",
        "INT64,   ABCD, 0001 0203 0405 0607, 283686952306183",
        "INT64,   CDAB, 0607 0405 0203 0001, 283686952306183",
        "INT64,   BADC, 0100 0302 0504 0706, 283686952306183",
        "INT64,   DCBA, 0706 0504 0302 0100, 283686952306183",
        "INT64,   ABCD, FFFF FFFF FFFF FFFE, -2",
        "FLOAT64, ABCD, 4009 21FB 5444 2D18, 3.141592653589793",
        "FLOAT64, CDAB, 2D18 5444 21FB 4009, 3.141592653589793",
        "FLOAT64, BADC, 0940 FB21 4454 182D, 3.141592653589793",
        "FLOAT64, DCBA, 182D 4454 FB21 0940, 3.141592653589793",
        "INT16,   ABCD, FFFF, -1",
        "INT16,   ABCD, 8000, -32768",
        "INT16,   BADC, 0080, -32768",
        "UINT16,  ABCD, FFFF, 65535",
        "UINT16,  BADC, 3412, 4660",
    })
    void roundTrip(DataType type, String order, String hex, double value) {
        ModbusSource s = src(type, order, 1, 0);
        int[] registers = regs(hex);
        double tolerance = type == DataType.FLOAT32 ? 1e-4 : 0;
        assertEquals(value, RegisterCodec.decode(s, registers, 0), tolerance);
        assertArrayEquals(registers, RegisterCodec.encode(s, value));
    }

    @Test
    void decodesAtAnOffsetInsideALargerResponse() {
        int[] response = {0x1111, 0x42F6, 0xE979, 0x2222};
        assertEquals(123.456, RegisterCodec.decode(src(DataType.FLOAT32, "ABCD", 1, 0), response, 1), 1e-4);
    }

    @Test
    void scaleAndOffset() {
        ModbusSource centi = src(DataType.UINT16, "ABCD", 0.01, 0);
        assertEquals(23.45, RegisterCodec.decode(centi, new int[] {0x0929}, 0), 1e-9);
        assertArrayEquals(new int[] {0x0929}, RegisterCodec.encode(centi, 23.45));

        ModbusSource temp = src(DataType.INT16, "ABCD", 0.1, -40);
        assertEquals(-30.0, RegisterCodec.decode(temp, new int[] {100}, 0), 1e-9);
        assertArrayEquals(new int[] {100}, RegisterCodec.encode(temp, -30.0));

        ModbusSource flow = src(DataType.FLOAT32, "CDAB", 2, 1);
        assertEquals(2 * 123.456 + 1, RegisterCodec.decode(flow, regs("E979 42F6"), 0), 1e-3);
    }

    @Test
    void integerEncodingRoundsAndSaturates() {
        assertArrayEquals(new int[] {0xFFFF}, RegisterCodec.encode(src(DataType.UINT16, "ABCD", 1, 0), 70000));
        assertArrayEquals(new int[] {0x0000}, RegisterCodec.encode(src(DataType.UINT16, "ABCD", 1, 0), -5));
        assertArrayEquals(new int[] {0x8000}, RegisterCodec.encode(src(DataType.INT16, "ABCD", 1, 0), -40000));
        assertArrayEquals(new int[] {0x0003}, RegisterCodec.encode(src(DataType.INT16, "ABCD", 1, 0), 2.6));
        assertArrayEquals(regs("FFFF FFFF"), RegisterCodec.encode(src(DataType.UINT32, "ABCD", 1, 0), 1e12));
        assertArrayEquals(regs("7FFF FFFF"), RegisterCodec.encode(src(DataType.INT32, "ABCD", 1, 0), 1e12));
    }

    @Test
    void bitsOfARegister() {
        ModbusSource bit3 = new ModbusSource(RegisterTable.HOLDING_REGISTER, 0, DataType.BOOL, B, B, 1, 0, 3);
        assertEquals(1, RegisterCodec.decode(bit3, new int[] {0x0008}, 0));
        assertEquals(0, RegisterCodec.decode(bit3, new int[] {0xFFF7}, 0));
        assertArrayEquals(new int[] {0x0008}, RegisterCodec.encode(bit3, 1));
        assertArrayEquals(new int[] {0}, RegisterCodec.encode(bit3, 0));

        ModbusSource bit15 = new ModbusSource(RegisterTable.HOLDING_REGISTER, 0, DataType.BOOL, B, B, 1, 0, 15);
        assertEquals(1, RegisterCodec.decode(bit15, new int[] {0x8000}, 0));
        assertArrayEquals(new int[] {0x8000}, RegisterCodec.encode(bit15, 1));

        // no bit given: the whole register is the flag
        ModbusSource word = new ModbusSource(RegisterTable.HOLDING_REGISTER, 0, DataType.BOOL, B, B, 1, 0, -1);
        assertEquals(1, RegisterCodec.decode(word, new int[] {0x0100}, 0));
        assertEquals(0, RegisterCodec.decode(word, new int[] {0}, 0));
        assertArrayEquals(new int[] {1}, RegisterCodec.encode(word, 1));
    }
}
