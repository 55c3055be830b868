package org.hanedge.gateway.modbus.internal;

import java.time.Duration;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;

/** Builders for test channels. */
final class Channels {
    static final Duration POLL = Duration.ofSeconds(1);

    private Channels() {
    }

    static ModbusSource src(RegisterTable table, int address, DataType type) {
        return new ModbusSource(table, address, type, Endian.BIG, Endian.BIG, 1, 0, -1);
    }

    static ChannelSpec ch(String name, ModbusSource source, String unit, Duration poll) {
        ValueKind kind = source.table().isBitTable() || source.type() == DataType.BOOL ? ValueKind.BOOLEAN
                : ValueKind.NUMBER;
        return new ChannelSpec(name, name, unit, kind, source, poll, Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null);
    }

    static ChannelSpec ch(String name, ModbusSource source) {
        return ch(name, source, null, POLL);
    }

    static ChannelSpec hr(String name, int address, DataType type) {
        return ch(name, src(RegisterTable.HOLDING_REGISTER, address, type));
    }

    static ChannelSpec coil(String name, int address) {
        return ch(name, src(RegisterTable.COIL, address, DataType.BOOL));
    }
}
