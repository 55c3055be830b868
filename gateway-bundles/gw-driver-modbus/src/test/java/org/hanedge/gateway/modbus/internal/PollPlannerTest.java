package org.hanedge.gateway.modbus.internal;

import static org.hanedge.gateway.modbus.internal.Channels.ch;
import static org.hanedge.gateway.modbus.internal.Channels.coil;
import static org.hanedge.gateway.modbus.internal.Channels.hr;
import static org.hanedge.gateway.modbus.internal.Channels.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.junit.jupiter.api.Test;

class PollPlannerTest {

    private static String ranges(List<ReadRequest> plan) {
        return plan.stream().map(r -> r.table().name().charAt(0) + "" + r.start() + "+" + r.count())
                .reduce((a, b) -> a + " " + b).orElse("");
    }

    @Test
    void contiguousValuesMergeIntoOneRequest() {
        List<ReadRequest> plan = PollPlanner.plan(List.of(hr("c", 3, DataType.FLOAT32), hr("a", 0, DataType.UINT16),
                hr("b", 1, DataType.INT32)), 0);
        assertEquals("H0+5", ranges(plan));
        assertEquals(List.of("a", "b", "c"), plan.get(0).channels().stream().map(ChannelSpec::name).toList());
    }

    @Test
    void nearbyValuesMergeUpToTheGap() {
        // gap between end of a (0) and start of b (9) is 8 unused registers
        List<ChannelSpec> eight = List.of(hr("a", 0, DataType.UINT16), hr("b", 9, DataType.UINT16));
        assertEquals("H0+10", ranges(PollPlanner.plan(eight, 8)));
        assertEquals("H0+1 H9+1", ranges(PollPlanner.plan(eight, 7)));
        // 9 unused registers exceed the default gap of 8
        List<ChannelSpec> nine = List.of(hr("a", 0, DataType.UINT16), hr("b", 10, DataType.UINT16));
        assertEquals("H0+1 H10+1", ranges(PollPlanner.plan(nine, PollPlanner.DEFAULT_MAX_GAP)));
    }

    @Test
    void gapZeroMergesOnlyAdjacentValues() {
        List<ChannelSpec> channels = List.of(hr("a", 0, DataType.FLOAT32), hr("b", 2, DataType.UINT16),
                hr("c", 4, DataType.UINT16), hr("d", 5, DataType.INT64));
        assertEquals("H0+3 H4+5", ranges(PollPlanner.plan(channels, 0)));
    }

    @Test
    void neverExceeds125Registers() {
        List<ChannelSpec> channels = new ArrayList<>();
        for (int a = 0; a < 130; a++) {
            channels.add(hr("r" + a, a, DataType.UINT16));
        }
        List<ReadRequest> plan = PollPlanner.plan(channels, 8);
        assertEquals("H0+125 H125+5", ranges(plan));
        assertEquals(130, plan.stream().mapToInt(r -> r.channels().size()).sum());
    }

    @Test
    void multiRegisterValuesAreNeverSplit() {
        List<ChannelSpec> channels = new ArrayList<>();
        for (int a = 0; a < 130; a += 2) {
            channels.add(hr("f" + a, a, DataType.FLOAT32)); // 0..1, 2..3, ..., 124..125, 126..127, 128..129
        }
        List<ReadRequest> plan = PollPlanner.plan(channels, 8);
        assertEquals("H0+124 H124+6", ranges(plan));
        for (ReadRequest r : plan) {
            assertTrue(r.count() <= 125);
            for (ChannelSpec c : r.channels()) {
                ModbusSource s = (ModbusSource) c.source();
                assertTrue(s.address() >= r.start() && s.endAddress() <= r.end(), c.name() + " split in " + r);
            }
        }
        // an int64 that would straddle the limit starts a new request
        List<ChannelSpec> int64 = List.of(hr("a", 0, DataType.UINT16), hr("b", 122, DataType.INT64));
        assertEquals("H0+1 H122+4", ranges(PollPlanner.plan(int64, 200)));
    }

    @Test
    void bitTablesCountBitsAndAllow2000() {
        List<ChannelSpec> channels = List.of(coil("a", 0), coil("b", 5), coil("c", 100), coil("d", 2500));
        assertEquals("C0+6 C100+1 C2500+1", ranges(PollPlanner.plan(channels, 8)));

        List<ChannelSpec> many = new ArrayList<>();
        for (int a = 0; a <= 2100; a += 5) {
            many.add(coil("c" + a, a));
        }
        List<ReadRequest> plan = PollPlanner.plan(many, 8);
        assertEquals("C0+1996 C2000+101", ranges(plan));
    }

    @Test
    void bitsOfOneRegisterShareIt() {
        ModbusSource bit0 = new ModbusSource(RegisterTable.HOLDING_REGISTER, 10, DataType.BOOL, Endian.BIG,
                Endian.BIG, 1, 0, 0);
        ModbusSource bit7 = new ModbusSource(RegisterTable.HOLDING_REGISTER, 10, DataType.BOOL, Endian.BIG,
                Endian.BIG, 1, 0, 7);
        List<ReadRequest> plan = PollPlanner.plan(List.of(ch("run", bit0), ch("fault", bit7),
                hr("word", 10, DataType.UINT16), hr("next", 11, DataType.INT16)), 0);
        assertEquals("H10+2", ranges(plan));
        assertEquals(4, plan.get(0).channels().size());
    }

    @Test
    void tablesArePlannedSeparately() {
        List<ChannelSpec> channels = List.of(hr("h", 0, DataType.UINT16),
                ch("i", src(RegisterTable.INPUT_REGISTER, 1, DataType.UINT16)), coil("c", 2),
                ch("d", src(RegisterTable.DISCRETE_INPUT, 3, DataType.BOOL)), hr("h2", 1, DataType.UINT16));
        assertEquals("C2+1 D3+1 H0+2 I1+1", ranges(PollPlanner.plan(channels, 8)));
    }

    @Test
    void onePerChannelPlan() {
        List<ChannelSpec> channels = List.of(hr("a", 0, DataType.UINT16), hr("b", 1, DataType.FLOAT32),
                hr("c", 3, DataType.INT64), coil("d", 0));
        List<ReadRequest> plan = PollPlanner.onePerChannel(channels);
        assertEquals("C0+1 H0+1 H1+2 H3+4", ranges(plan));
        assertEquals(1, PollPlanner.plan(channels, 8).stream().filter(r -> !r.table().isBitTable()).count());
    }

    @Test
    void pollIntervalsArePlannedAsSeparateGroups() {
        Duration fast = Duration.ofSeconds(1);
        Duration slow = Duration.ofMinutes(1);
        List<ChannelSpec> channels = List.of(
                ch("level", src(RegisterTable.HOLDING_REGISTER, 0, DataType.FLOAT32), "m", slow),
                ch("flow", src(RegisterTable.HOLDING_REGISTER, 2, DataType.FLOAT32), "m3/h", fast),
                ch("temp", src(RegisterTable.HOLDING_REGISTER, 4, DataType.INT16), "Cel", slow),
                ch("pump", src(RegisterTable.COIL, 0, DataType.BOOL), null, fast),
                ch("nopoll", src(RegisterTable.HOLDING_REGISTER, 5, DataType.INT16), "Cel", null));
        List<PollGroup> groups = PollPlanner.groups(channels, 8);
        assertEquals(3, groups.size());
        assertEquals(fast, groups.get(0).interval());
        assertEquals("C0+1 H2+2", ranges(groups.get(0).requests()));
        assertEquals(PollPlanner.DEFAULT_POLL, groups.get(1).interval());
        assertEquals(slow, groups.get(2).interval());
        assertEquals("H0+5", ranges(groups.get(2).requests()));
        assertEquals(2, groups.get(2).channelCount());
    }
}
