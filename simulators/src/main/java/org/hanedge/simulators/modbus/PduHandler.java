package org.hanedge.simulators.modbus;

import org.hanedge.gateway.api.profile.RegisterTable;

/**
 * Modbus application layer: turns a request PDU (function code + data) into a response PDU against a
 * {@link RegisterBank}. Serves FC 1, 2, 3, 4 (reads) and 5, 6, 15, 16 (writes); anything else gets exception 1,
 * addresses outside the bank's tables exception 2, malformed quantities/lengths exception 3.
 */
public final class PduHandler {

    public static final int ILLEGAL_FUNCTION = 1;
    public static final int ILLEGAL_DATA_ADDRESS = 2;
    public static final int ILLEGAL_DATA_VALUE = 3;
    public static final int SLAVE_DEVICE_FAILURE = 4;
    public static final int GATEWAY_TARGET_FAILED = 11;

    private final RegisterBank bank;

    public PduHandler(RegisterBank bank) {
        this.bank = bank;
    }

    public RegisterBank bank() {
        return bank;
    }

    /** Whether a function code is a write (the only ones honoured when broadcast). */
    public static boolean isWrite(int fc) {
        return fc == 5 || fc == 6 || fc == 15 || fc == 16;
    }

    /** An exception response PDU. */
    public static byte[] exception(int fc, int code) {
        return new byte[] {(byte) (fc | 0x80), (byte) code};
    }

    /** Whether a response PDU is an exception response. */
    public static boolean isException(byte[] pdu) {
        return pdu.length == 2 && (pdu[0] & 0x80) != 0;
    }

    /** Handles one request PDU; {@code pdu[0]} is the function code. Never throws for bad input. */
    public byte[] handle(byte[] pdu) {
        if (pdu.length < 1) {
            return exception(0, ILLEGAL_FUNCTION);
        }
        int fc = pdu[0] & 0xFF;
        try {
            return switch (fc) {
                case 1 -> readBits(RegisterTable.COIL, pdu);
                case 2 -> readBits(RegisterTable.DISCRETE_INPUT, pdu);
                case 3 -> readRegisters(RegisterTable.HOLDING_REGISTER, pdu);
                case 4 -> readRegisters(RegisterTable.INPUT_REGISTER, pdu);
                case 5 -> writeSingleCoil(pdu);
                case 6 -> writeSingleRegister(pdu);
                case 15 -> writeMultipleCoils(pdu);
                case 16 -> writeMultipleRegisters(pdu);
                default -> exception(fc, ILLEGAL_FUNCTION);
            };
        } catch (ArrayIndexOutOfBoundsException e) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
    }

    private static int u16(byte[] b, int i) {
        return (b[i] & 0xFF) << 8 | b[i + 1] & 0xFF;
    }

    private byte[] readBits(RegisterTable table, byte[] pdu) {
        int fc = pdu[0] & 0xFF;
        if (pdu.length != 5) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        int start = u16(pdu, 1);
        int qty = u16(pdu, 3);
        if (qty < 1 || qty > 2000) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.inRange(table, start, qty)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        boolean[] bits = bank.readBits(table, start, qty);
        int n = (qty + 7) / 8;
        byte[] out = new byte[2 + n];
        out[0] = (byte) fc;
        out[1] = (byte) n;
        for (int i = 0; i < qty; i++) {
            if (bits[i]) {
                out[2 + i / 8] |= (byte) (1 << (i % 8));
            }
        }
        return out;
    }

    private byte[] readRegisters(RegisterTable table, byte[] pdu) {
        int fc = pdu[0] & 0xFF;
        if (pdu.length != 5) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        int start = u16(pdu, 1);
        int qty = u16(pdu, 3);
        if (qty < 1 || qty > 125) {
            return exception(fc, ILLEGAL_DATA_VALUE);
        }
        if (!bank.inRange(table, start, qty)) {
            return exception(fc, ILLEGAL_DATA_ADDRESS);
        }
        int[] regs = bank.readRegisters(table, start, qty);
        byte[] out = new byte[2 + 2 * qty];
        out[0] = (byte) fc;
        out[1] = (byte) (2 * qty);
        for (int i = 0; i < qty; i++) {
            out[2 + 2 * i] = (byte) (regs[i] >> 8);
            out[3 + 2 * i] = (byte) regs[i];
        }
        return out;
    }

    private byte[] writeSingleCoil(byte[] pdu) {
        if (pdu.length != 5) {
            return exception(5, ILLEGAL_DATA_VALUE);
        }
        int addr = u16(pdu, 1);
        int value = u16(pdu, 3);
        if (value != 0xFF00 && value != 0x0000) {
            return exception(5, ILLEGAL_DATA_VALUE);
        }
        if (!bank.inRange(RegisterTable.COIL, addr, 1)) {
            return exception(5, ILLEGAL_DATA_ADDRESS);
        }
        bank.writeCoils(addr, new boolean[] {value == 0xFF00});
        return pdu.clone();
    }

    private byte[] writeSingleRegister(byte[] pdu) {
        if (pdu.length != 5) {
            return exception(6, ILLEGAL_DATA_VALUE);
        }
        int addr = u16(pdu, 1);
        if (!bank.inRange(RegisterTable.HOLDING_REGISTER, addr, 1)) {
            return exception(6, ILLEGAL_DATA_ADDRESS);
        }
        bank.writeRegisters(addr, new int[] {u16(pdu, 3)});
        return pdu.clone();
    }

    private byte[] writeMultipleCoils(byte[] pdu) {
        if (pdu.length < 6) {
            return exception(15, ILLEGAL_DATA_VALUE);
        }
        int start = u16(pdu, 1);
        int qty = u16(pdu, 3);
        int byteCount = pdu[5] & 0xFF;
        if (qty < 1 || qty > 1968 || byteCount != (qty + 7) / 8 || pdu.length != 6 + byteCount) {
            return exception(15, ILLEGAL_DATA_VALUE);
        }
        if (!bank.inRange(RegisterTable.COIL, start, qty)) {
            return exception(15, ILLEGAL_DATA_ADDRESS);
        }
        boolean[] bits = new boolean[qty];
        for (int i = 0; i < qty; i++) {
            bits[i] = (pdu[6 + i / 8] >> (i % 8) & 1) == 1;
        }
        bank.writeCoils(start, bits);
        return new byte[] {15, pdu[1], pdu[2], pdu[3], pdu[4]};
    }

    private byte[] writeMultipleRegisters(byte[] pdu) {
        if (pdu.length < 6) {
            return exception(16, ILLEGAL_DATA_VALUE);
        }
        int start = u16(pdu, 1);
        int qty = u16(pdu, 3);
        int byteCount = pdu[5] & 0xFF;
        if (qty < 1 || qty > 123 || byteCount != 2 * qty || pdu.length != 6 + byteCount) {
            return exception(16, ILLEGAL_DATA_VALUE);
        }
        if (!bank.inRange(RegisterTable.HOLDING_REGISTER, start, qty)) {
            return exception(16, ILLEGAL_DATA_ADDRESS);
        }
        int[] regs = new int[qty];
        for (int i = 0; i < qty; i++) {
            regs[i] = u16(pdu, 6 + 2 * i);
        }
        bank.writeRegisters(start, regs);
        return new byte[] {16, pdu[1], pdu[2], pdu[3], pdu[4]};
    }
}
