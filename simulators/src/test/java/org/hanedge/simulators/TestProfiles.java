package org.hanedge.simulators;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;

/** Profiles built in code for tests. */
public final class TestProfiles {
    private TestProfiles() {
    }

    public static ChannelSpec channel(String name, RegisterTable table, int address, DataType type, Endian bytes,
            Endian words, double scale, int bit, AlarmLimits alarms) {
        ValueKind kind = type == DataType.BOOL ? ValueKind.BOOLEAN : ValueKind.NUMBER;
        return new ChannelSpec(name, name, kind == ValueKind.BOOLEAN ? null : "1", kind,
                new ModbusSource(table, address, type, bytes, words, scale, 0, bit), Duration.ofSeconds(1),
                Reporting.EVERY_SAMPLE, alarms, null);
    }

    public static ChannelSpec number(String name, RegisterTable table, int address, DataType type, double scale) {
        return channel(name, table, address, type, Endian.BIG, Endian.BIG, scale, -1, AlarmLimits.NONE);
    }

    public static ChannelSpec bool(String name, RegisterTable table, int address, int bit) {
        return channel(name, table, address, DataType.BOOL, Endian.BIG, Endian.BIG, 1, bit, AlarmLimits.NONE);
    }

    /** A mixed profile exercising every table and encoding. */
    public static DeviceProfile mixed() {
        List<ChannelSpec> c = new ArrayList<>();
        c.add(channel("temp_cdab", RegisterTable.INPUT_REGISTER, 0, DataType.FLOAT32, Endian.BIG, Endian.LITTLE, 1, -1,
                AlarmLimits.NONE));
        c.add(number("level", RegisterTable.INPUT_REGISTER, 2, DataType.UINT16, 0.01));
        c.add(number("counter", RegisterTable.INPUT_REGISTER, 10, DataType.UINT32, 1));
        c.add(bool("flag_bit3", RegisterTable.INPUT_REGISTER, 12, 3));
        c.add(bool("flag_bit5", RegisterTable.INPUT_REGISTER, 12, 5));
        c.add(number("setpoint", RegisterTable.HOLDING_REGISTER, 100, DataType.INT16, 0.1));
        c.add(bool("pump_cmd", RegisterTable.COIL, 0, -1));
        c.add(bool("pump_running", RegisterTable.DISCRETE_INPUT, 3, -1));
        return new DeviceProfile("mixed", "1.0.0", "test profile", c);
    }
}
