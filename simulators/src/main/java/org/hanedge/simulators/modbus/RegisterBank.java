package org.hanedge.simulators.modbus;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.modbus.RegisterCodec;

/**
 * The four Modbus data tables of one simulated slave, laid out from a {@link DeviceProfile}'s Modbus channels.
 *
 * <p><b>Address rule.</b> Each table spans addresses {@code 0 .. size-1} where {@code size} is
 * {@link #DEFAULT_TABLE_SIZE} (10000) or, if a channel is declared higher, the highest declared address + 1. Any item
 * inside that span can be read or written (undeclared items read as zero); a request reaching beyond it is answered
 * with exception 2 (illegal data address). This keeps gap-spanning coalesced reads working, as on most real devices
 * with a flat register map.
 *
 * <p>Engineering values are put in with {@link #set(String, double)} (encoded with {@link RegisterCodec}); a bit of a
 * register ({@link DataType#BOOL} with a bit number) is merged into its register. Writes by a Modbus master are
 * tracked per channel: {@link #update(String, double)} (used by signal models) leaves a channel alone once a master
 * has written it, so setpoints and commands written by a gateway stick. All methods are thread-safe; a range read
 * sees a consistent snapshot.
 */
public final class RegisterBank {

    /** Items per table unless a channel is declared higher. */
    public static final int DEFAULT_TABLE_SIZE = 10000;

    private final DeviceProfile profile;
    private final Map<String, ChannelSpec> channels = new LinkedHashMap<>();
    private final Map<RegisterTable, List<ChannelSpec>> byTable = new EnumMap<>(RegisterTable.class);
    private final boolean[] coils;
    private final boolean[] discreteInputs;
    private final int[] holding;
    private final int[] input;
    private final Set<String> masterWritten = ConcurrentHashMap.newKeySet();

    public RegisterBank(DeviceProfile profile) {
        this(profile, DEFAULT_TABLE_SIZE);
    }

    /**
     * A bank whose tables span at least {@code minTableSize} items (0: just the declared channels). Small banks are
     * for in-process value sources that never serve a Modbus master (the virtual fleet keeps thousands of them).
     */
    public RegisterBank(DeviceProfile profile, int minTableSize) {
        this.profile = profile;
        Map<RegisterTable, Integer> size = new EnumMap<>(RegisterTable.class);
        for (RegisterTable t : RegisterTable.values()) {
            size.put(t, Math.max(0, minTableSize));
            byTable.put(t, new ArrayList<>());
        }
        for (ChannelSpec c : profile.channelsOn(ModbusSource.class)) {
            ModbusSource s = (ModbusSource) c.source();
            channels.put(c.name(), c);
            byTable.get(s.table()).add(c);
            size.merge(s.table(), s.endAddress() + 1, Math::max);
        }
        coils = new boolean[size.get(RegisterTable.COIL)];
        discreteInputs = new boolean[size.get(RegisterTable.DISCRETE_INPUT)];
        holding = new int[size.get(RegisterTable.HOLDING_REGISTER)];
        input = new int[size.get(RegisterTable.INPUT_REGISTER)];
    }

    public DeviceProfile profile() {
        return profile;
    }

    /** The Modbus channels of the profile, in declaration order. */
    public List<ChannelSpec> channels() {
        return List.copyOf(channels.values());
    }

    public Optional<ChannelSpec> channel(String name) {
        return Optional.ofNullable(channels.get(name));
    }

    public boolean has(String name) {
        return channels.containsKey(name);
    }

    /** Number of items (bits or registers) in a table. */
    public int size(RegisterTable table) {
        return switch (table) {
            case COIL -> coils.length;
            case DISCRETE_INPUT -> discreteInputs.length;
            case HOLDING_REGISTER -> holding.length;
            case INPUT_REGISTER -> input.length;
        };
    }

    /** Whether {@code count} items from {@code start} all lie inside the table. */
    public boolean inRange(RegisterTable table, int start, int count) {
        return start >= 0 && count >= 0 && (long) start + count <= size(table);
    }

    /** Sets a channel's engineering value. */
    public void set(String name, double value) {
        ChannelSpec c = require(name);
        ModbusSource s = (ModbusSource) c.source();
        synchronized (this) {
            if (s.table().isBitTable()) {
                bits(s.table())[s.address()] = value != 0;
            } else if (s.type() == DataType.BOOL) {
                int[] regs = registers(s.table());
                int mask = 1 << s.bit();
                regs[s.address()] = value != 0 ? regs[s.address()] | mask : regs[s.address()] & ~mask;
            } else {
                int[] enc = RegisterCodec.encode(s, value);
                System.arraycopy(enc, 0, registers(s.table()), s.address(), enc.length);
            }
        }
    }

    public void set(String name, boolean value) {
        set(name, value ? 1 : 0);
    }

    /**
     * Sets a channel's value unless a Modbus master has written the channel; returns whether it was set. Signal
     * models use this so commands and setpoints written by a gateway are not overwritten.
     */
    public boolean update(String name, double value) {
        if (masterWritten.contains(name)) {
            return false;
        }
        set(name, value);
        return true;
    }

    public boolean update(String name, boolean value) {
        return update(name, value ? 1 : 0);
    }

    /** The engineering value of a channel as currently encoded (booleans as 0/1). */
    public double get(String name) {
        ChannelSpec c = require(name);
        ModbusSource s = (ModbusSource) c.source();
        synchronized (this) {
            if (s.table().isBitTable()) {
                return bits(s.table())[s.address()] ? 1 : 0;
            }
            return RegisterCodec.decode(s, registers(s.table()), s.address());
        }
    }

    public boolean getBool(String name) {
        return get(name) != 0;
    }

    /** Whether a Modbus master has written (part of) the channel. */
    public boolean writtenByMaster(String name) {
        return masterWritten.contains(name);
    }

    /** Forgets master writes, so signal models drive every channel again. */
    public void clearMasterWrites() {
        masterWritten.clear();
    }

    /** Copy of {@code count} registers from {@code start}; caller checks {@link #inRange}. */
    public synchronized int[] readRegisters(RegisterTable table, int start, int count) {
        int[] out = new int[count];
        System.arraycopy(registers(table), start, out, 0, count);
        return out;
    }

    /** Copy of {@code count} bits from {@code start}; caller checks {@link #inRange}. */
    public synchronized boolean[] readBits(RegisterTable table, int start, int count) {
        boolean[] out = new boolean[count];
        System.arraycopy(bits(table), start, out, 0, count);
        return out;
    }

    /** A master writes holding registers (FC 6, 16). */
    public void writeRegisters(int start, int[] values) {
        synchronized (this) {
            for (int i = 0; i < values.length; i++) {
                holding[start + i] = values[i] & 0xFFFF;
            }
        }
        markWritten(RegisterTable.HOLDING_REGISTER, start, values.length);
    }

    /** A master writes coils (FC 5, 15). */
    public void writeCoils(int start, boolean[] values) {
        synchronized (this) {
            System.arraycopy(values, 0, coils, start, values.length);
        }
        markWritten(RegisterTable.COIL, start, values.length);
    }

    private void markWritten(RegisterTable table, int start, int count) {
        int end = start + count - 1;
        for (ChannelSpec c : byTable.get(table)) {
            ModbusSource s = (ModbusSource) c.source();
            if (s.address() <= end && s.endAddress() >= start) {
                masterWritten.add(c.name());
            }
        }
    }

    /** Names of channels written by a master, for diagnostics. */
    public Set<String> masterWrittenChannels() {
        return Collections.unmodifiableSet(masterWritten);
    }

    private ChannelSpec require(String name) {
        ChannelSpec c = channels.get(name);
        if (c == null) {
            throw new IllegalArgumentException("no Modbus channel '" + name + "' in profile " + profile.ref());
        }
        return c;
    }

    private boolean[] bits(RegisterTable t) {
        return t == RegisterTable.COIL ? coils : discreteInputs;
    }

    private int[] registers(RegisterTable t) {
        return t == RegisterTable.HOLDING_REGISTER ? holding : input;
    }
}
