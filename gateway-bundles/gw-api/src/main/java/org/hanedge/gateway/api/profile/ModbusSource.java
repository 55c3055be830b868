package org.hanedge.gateway.api.profile;

/**
 * A value in a Modbus slave's data tables. Engineering value = raw * scale + offset.
 *
 * @param table     which table the value lives in
 * @param address   zero-based protocol address of the first register or bit
 * @param type      encoding
 * @param byteOrder byte order inside each register
 * @param wordOrder register order of multi-register values
 * @param scale     multiplier applied to the raw value
 * @param offset    added after scaling
 * @param bit       for {@link DataType#BOOL} in a register table: bit 0-15 of the register; otherwise -1
 */
public record ModbusSource(RegisterTable table, int address, DataType type, Endian byteOrder, Endian wordOrder,
        double scale, double offset, int bit) implements Source {

    @Override
    public String bus() {
        return "modbus";
    }

    /** Items this value occupies in its table: registers for register tables, 1 for bit tables. */
    public int length() {
        return table.isBitTable() ? 1 : type.registers();
    }

    /** Last address occupied, inclusive. */
    public int endAddress() {
        return address + length() - 1;
    }
}
