package org.hanedge.simulators.modbus;

/** Modbus RTU CRC-16 (polynomial 0xA001 reflected, initial 0xFFFF); transmitted low byte first. */
public final class Crc16 {
    private Crc16() {
    }

    public static int compute(byte[] data, int off, int len) {
        int crc = 0xFFFF;
        for (int i = off; i < off + len; i++) {
            crc ^= data[i] & 0xFF;
            for (int b = 0; b < 8; b++) {
                crc = (crc & 1) != 0 ? crc >>> 1 ^ 0xA001 : crc >>> 1;
            }
        }
        return crc;
    }

    /** Whether the last two bytes of {@code frame[0..len)} are the CRC of the bytes before them. */
    public static boolean check(byte[] frame, int len) {
        if (len < 4) {
            return false;
        }
        int crc = compute(frame, 0, len - 2);
        return (frame[len - 2] & 0xFF) == (crc & 0xFF) && (frame[len - 1] & 0xFF) == (crc >>> 8);
    }

    /** {@code unit + pdu + crc}. */
    public static byte[] frame(int unit, byte[] pdu) {
        byte[] f = new byte[pdu.length + 3];
        f[0] = (byte) unit;
        System.arraycopy(pdu, 0, f, 1, pdu.length);
        int crc = compute(f, 0, pdu.length + 1);
        f[f.length - 2] = (byte) crc;
        f[f.length - 1] = (byte) (crc >>> 8);
        return f;
    }
}
