package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.lower;
import static org.hanedge.gateway.profile.Text.orElse;

import java.util.EnumSet;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.ValueKind;

/** Parses a {@code bus: modbus} source: table, address, data type, scaling, bit and byte/word order. */
final class ModbusSourceParser {
    private static final Map<String, RegisterTable> TABLES = Text.linked(
            "coil", RegisterTable.COIL, "discrete", RegisterTable.DISCRETE_INPUT,
            "holding", RegisterTable.HOLDING_REGISTER, "input", RegisterTable.INPUT_REGISTER);
    private static final Map<String, DataType> TYPES = Text.lowerNames(DataType.values());
    private static final int ADDRESSES = 65536;

    private final NodeReader reader;
    private final ChannelChecks checks;

    ModbusSourceParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
    }

    /** The table's name in profiles ({@code holding}, ...). */
    static String tableName(RegisterTable table) {
        return TABLES.entrySet().stream().filter(e -> e.getValue() == table).map(Map.Entry::getKey).findFirst()
                .orElse(table.name());
    }

    SourceInfo parse(YamlMap s, String channel, Defaults defaults) {
        RegisterTable table = reader.choice(s, "table", true, TABLES, "Modbus table");
        Integer address = reader.integer(s, "address", true, 0, ADDRESSES - 1);
        DataType type = reader.choice(s, "type", true, TYPES, "data type");
        Double scale = reader.number(s, "scale", false);
        Double offset = reader.number(s, "offset", false);
        Integer bit = reader.integer(s, "bit", false, 0, 15);
        Endian byteOrder = orElse(reader.choice(s, "byteOrder", false, Defaults.ENDIANS, "byte order"),
                defaults.byteOrder());
        Endian wordOrder = orElse(reader.choice(s, "wordOrder", false, Defaults.ENDIANS, "word order"),
                defaults.wordOrder());

        if (scale != null && scale == 0) {
            reader.problem(s.value("scale"), s.field("scale"), "scale must not be zero");
        }
        boolean ok = table != null && type != null && address != null && (scale == null || scale != 0)
                && (!s.has("bit") || bit != null);
        if (table != null && type != null) {
            ok &= tableFitsType(s, table, type);
        }
        if (type == DataType.BOOL) {
            for (String key : List.of("scale", "offset")) {
                if (s.has(key)) {
                    reader.problem(s.value(key), s.field(key), key + " applies only to numeric types, not bool");
                    ok = false;
                }
            }
        }
        if (table != null && type != null && address != null) {
            int length = table.isBitTable() ? 1 : type.registers();
            if (address + length > ADDRESSES) {
                reader.problem(s.value("address"), s.field("address"), lower(type) + " at address " + address
                        + " needs " + length + " registers and runs past the last address 65535");
                ok = false;
            } else if (ok) {
                checks.modbus(channel, table, address, address + length - 1, bit == null ? -1 : bit,
                        s.value("address"), s.field("address"));
            }
        }
        if (type == null) {
            return null;
        }
        ModbusSource source = !ok ? null : new ModbusSource(table, address, type, byteOrder, wordOrder,
                scale == null ? 1 : scale, offset == null ? 0 : offset, bit == null ? -1 : bit);
        ValueKind kind = type == DataType.BOOL ? ValueKind.BOOLEAN : ValueKind.NUMBER;
        return new SourceInfo(source, kind, EnumSet.of(kind), null, "a modbus " + lower(type) + " source");
    }

    /** Bit tables hold only bools without {@code bit}; in register tables {@code bit} goes with bool only. */
    private boolean tableFitsType(YamlMap s, RegisterTable table, DataType type) {
        boolean ok = true;
        if (table.isBitTable()) {
            if (type != DataType.BOOL) {
                reader.problem(s.value("type"), s.field("type"), "a " + tableName(table)
                        + " table holds single bits: type must be bool, got " + lower(type));
                ok = false;
            }
            if (s.has("bit")) {
                reader.problem(s.value("bit"), s.field("bit"),
                        "bit applies only to bool values in holding or input registers, not to a "
                                + tableName(table) + " table");
                ok = false;
            }
        } else if (type == DataType.BOOL && !s.has("bit")) {
            reader.problem(s.value("type"), s.field("bit"), "a bool in " + tableName(table)
                    + " registers needs bit: 0-15 (bit 0 is the least significant bit of the register)");
            ok = false;
        } else if (type != DataType.BOOL && s.has("bit")) {
            reader.problem(s.value("bit"), s.field("bit"), "bit applies only to type bool, not " + lower(type));
            ok = false;
        }
        return ok;
    }
}
