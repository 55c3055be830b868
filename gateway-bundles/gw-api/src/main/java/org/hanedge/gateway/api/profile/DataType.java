package org.hanedge.gateway.api.profile;

/** How a Modbus value is encoded, and how many 16-bit registers it spans. */
public enum DataType {
    /** A coil, a discrete input, or one bit of a register (with {@link ModbusSource#bit()}). */
    BOOL(1),
    INT16(1), UINT16(1),
    INT32(2), UINT32(2), FLOAT32(2),
    INT64(4), FLOAT64(4);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** Registers the value occupies (1 for {@link #BOOL}, counted as one item on a bit table). */
    public int registers() {
        return registers;
    }
}
