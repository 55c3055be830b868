package org.hanedge.bench;

import java.util.List;

import org.hanedge.gateway.modbus.internal.ReadRequest;

/**
 * Theoretical minimum wire time of Modbus RTU read exchanges: every character is 11 bits (start, 8 data, parity or a
 * second stop bit, stop) and every frame is followed by a 3.5-character silence. A read request is 8 bytes (address,
 * function, start, count, CRC); its response is 5 bytes plus the data (2 per register, 1 per 8 bits).
 */
final class RtuWireTime {
    static final int BITS_PER_CHAR = 11;
    static final double FRAME_GAP_CHARS = 3.5;
    static final int REQUEST_BYTES = 8;

    private RtuWireTime() {
    }

    static int responseBytes(ReadRequest r) {
        int data = r.table().isBitTable() ? (r.count() + 7) / 8 : 2 * r.count();
        return 5 + data;
    }

    static int cycleBytes(List<ReadRequest> plan) {
        return plan.stream().mapToInt(r -> REQUEST_BYTES + responseBytes(r)).sum();
    }

    static double cycleMillis(List<ReadRequest> plan, int baud) {
        double chars = cycleBytes(plan) + plan.size() * 2 * FRAME_GAP_CHARS;
        return chars * BITS_PER_CHAR * 1000.0 / baud;
    }
}
