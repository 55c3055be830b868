package org.hanedge.gateway.modbus.internal;

import org.hanedge.gateway.api.profile.RegisterTable;

/**
 * A Modbus master on one bus (a serial line or a TCP connection), shared by every device on it. Not thread-safe:
 * the bus's worker thread is its only caller. Implementations connect lazily and reconnect after a failure.
 * Registers are returned as unsigned 16-bit values.
 */
public interface ModbusLink extends AutoCloseable {

    boolean[] readCoils(int unitId, int start, int count, int timeoutMs) throws ModbusLinkException;

    boolean[] readDiscreteInputs(int unitId, int start, int count, int timeoutMs) throws ModbusLinkException;

    int[] readHoldingRegisters(int unitId, int start, int count, int timeoutMs) throws ModbusLinkException;

    int[] readInputRegisters(int unitId, int start, int count, int timeoutMs) throws ModbusLinkException;

    /** Reads a request's range: a {@code boolean[]} for bit tables, an {@code int[]} for register tables. */
    default Object read(int unitId, ReadRequest request, int timeoutMs) throws ModbusLinkException {
        RegisterTable table = request.table();
        int start = request.start();
        int count = request.count();
        return switch (table) {
            case COIL -> readCoils(unitId, start, count, timeoutMs);
            case DISCRETE_INPUT -> readDiscreteInputs(unitId, start, count, timeoutMs);
            case HOLDING_REGISTER -> readHoldingRegisters(unitId, start, count, timeoutMs);
            case INPUT_REGISTER -> readInputRegisters(unitId, start, count, timeoutMs);
        };
    }

    /** For logs: {@code tcp 127.0.0.1:5020}, {@code rtu /dev/ttyUSB0 9600 8N1}. */
    String describe();

    /** Releases the connection or serial port; the link may not be used afterwards. */
    @Override
    void close();
}
