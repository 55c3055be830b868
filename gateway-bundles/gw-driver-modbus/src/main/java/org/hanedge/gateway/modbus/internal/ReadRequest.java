package org.hanedge.gateway.modbus.internal;

import java.util.List;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;

/**
 * One Modbus read: {@code count} registers or bits of {@code table} from {@code start}, covering {@code channels}
 * (sorted by address; every channel lies entirely inside the range).
 */
public record ReadRequest(RegisterTable table, int start, int count, List<ChannelSpec> channels) {

    public ReadRequest {
        channels = List.copyOf(channels);
        if (count < 1 || count > table.maxPerRead()) {
            throw new IllegalArgumentException("count " + count + " outside 1.." + table.maxPerRead() + " for " + table);
        }
        for (ChannelSpec c : channels) {
            ModbusSource s = source(c);
            if (s.table() != table || s.address() < start || s.endAddress() > start + count - 1) {
                throw new IllegalArgumentException("channel " + c.name() + " not inside " + table + " " + start
                        + "+" + count);
            }
        }
    }

    /** Last address read, inclusive. */
    public int end() {
        return start + count - 1;
    }

    static ModbusSource source(ChannelSpec channel) {
        if (channel.source() instanceof ModbusSource s) {
            return s;
        }
        throw new IllegalArgumentException("channel " + channel.name() + " is not a Modbus channel");
    }

    @Override
    public String toString() {
        return table + "[" + start + ".." + end() + "] (" + channels.size() + " channels)";
    }
}
