package org.hanedge.gateway.modbus.internal;

import static org.awaitility.Awaitility.await;
import static org.hanedge.gateway.modbus.internal.Channels.ch;
import static org.hanedge.gateway.modbus.internal.Channels.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Polls real j2mod Modbus TCP slaves. */
class DevicePollerTcpTest {
    private static final Duration POLL = Duration.ofMillis(200);
    /** Fast policy for tests: 300 ms timeout, 1 retry, offline after 2 failed cycles, probe every 500 ms. */
    private static final PollerSettings FAST = new PollerSettings(1, Duration.ofMillis(300), 1, Duration.ofMillis(20),
            8, 2, Duration.ofMillis(500));

    private final CollectingSink sink = new CollectingSink();
    private final ModbusBusRegistry registry = new ModbusBusRegistry();
    private final List<TestSlave> slaves = new ArrayList<>();
    private final List<DevicePoller> pollers = new ArrayList<>();
    private final List<ModbusBus> buses = new ArrayList<>();

    @BeforeEach
    void setUp() {
        registry.activate();
    }

    @AfterEach
    void tearDown() {
        pollers.forEach(DevicePoller::stop);
        buses.forEach(registry::release);
        registry.deactivate();
        slaves.forEach(TestSlave::close);
    }

    private TestSlave slave(int... unitIds) {
        TestSlave s = new TestSlave();
        slaves.add(s);
        List<com.ghgande.j2mod.modbus.procimg.SimpleProcessImage> images = new ArrayList<>();
        for (int u : unitIds) {
            images.add(TestSlave.image(u));
        }
        return s.start(images.toArray(com.ghgande.j2mod.modbus.procimg.SimpleProcessImage[]::new));
    }

    private static List<ChannelSpec> lakeChannels() {
        return List.of(
                ch("level", src(RegisterTable.HOLDING_REGISTER, 0, DataType.FLOAT32), "m", POLL),
                ch("temp", new ModbusSource(RegisterTable.HOLDING_REGISTER, 2, DataType.INT16, Endian.BIG, Endian.BIG,
                        0.1, 0, -1), "Cel", POLL),
                ch("volume", new ModbusSource(RegisterTable.HOLDING_REGISTER, 4, DataType.UINT32, Endian.BIG,
                        Endian.LITTLE, 1, 0, -1), "m3", POLL),
                ch("sensor_fault", new ModbusSource(RegisterTable.HOLDING_REGISTER, 6, DataType.BOOL, Endian.BIG,
                        Endian.BIG, 1, 0, 2), null, POLL),
                ch("turbidity", new ModbusSource(RegisterTable.INPUT_REGISTER, 0, DataType.UINT16, Endian.BIG,
                        Endian.BIG, 0.01, 0, -1), "NTU", Duration.ofMillis(300)),
                ch("pump_on", src(RegisterTable.COIL, 0, DataType.BOOL), null, POLL),
                ch("door_open", src(RegisterTable.DISCRETE_INPUT, 0, DataType.BOOL), null, POLL));
    }

    private DevicePoller poller(String deviceId, TestSlave slave, List<ChannelSpec> channels, PollerSettings s) {
        ModbusBus bus = registry.acquire(BusConfig.tcp("127.0.0.1", slave.port));
        buses.add(bus);
        DevicePoller p = new DevicePoller(deviceId, "lake@1.0.0", channels, s, bus, registry.scheduler(), sink);
        pollers.add(p);
        p.start();
        return p;
    }

    private static PollerSettings unit(int unitId, PollerSettings s) {
        return new PollerSettings(unitId, s.timeout(), s.retries(), s.backoff(), s.coalesceGap(), s.offlineAfter(),
                s.offlinePoll());
    }

    private double value(String device, String channel) {
        return sink.latest(device, channel).orElseThrow().numberValue();
    }

    @Test
    void decodesEveryChannelFromARealSlave() {
        TestSlave slave = slave(1);
        DevicePoller p = poller("lake-1", slave, lakeChannels(), FAST);
        assertEquals(4, p.requestCount()); // HR 0..6, IR 0, coil 0, DI 0; turbidity in its own 300 ms group
        assertEquals(2, p.groups().size());

        await().atMost(Duration.ofSeconds(5)).until(() -> lakeChannels().stream()
                .allMatch(c -> sink.latest("lake-1", c.name()).map(r -> r.quality() == Quality.GOOD).orElse(false)));
        assertEquals(1.25, value("lake-1", "level"), 1e-9);
        assertEquals(28.5, value("lake-1", "temp"), 1e-9);
        assertEquals(4_000_000_000.0, value("lake-1", "volume"), 0);
        assertEquals(23.45, value("lake-1", "turbidity"), 1e-9);
        assertEquals(Boolean.TRUE, sink.latest("lake-1", "sensor_fault").orElseThrow().value());
        assertEquals(Boolean.TRUE, sink.latest("lake-1", "pump_on").orElseThrow().value());
        assertEquals(Boolean.FALSE, sink.latest("lake-1", "door_open").orElseThrow().value());
        Reading level = sink.latest("lake-1", "level").orElseThrow();
        assertEquals("m", level.unit());
        assertTrue(Duration.between(level.time(), Instant.now()).toSeconds() < 5);
        assertEquals(DeviceState.ONLINE, p.state());
        assertEquals(0, p.status().failures());

        // polling continues: values written to the slave show up
        slave.slave().getProcessImage(1).getRegister(2).setValue(-123);
        await().atMost(Duration.ofSeconds(3)).until(() -> value("lake-1", "temp") == -12.3);
    }

    @Test
    void exceptionResponseGivesBadConfigAndKeepsTheDeviceOnline() {
        TestSlave slave = slave(1);
        List<ChannelSpec> channels = new ArrayList<>(lakeChannels().subList(0, 2));
        channels.add(ch("missing", src(RegisterTable.HOLDING_REGISTER, 50, DataType.UINT16), "m", POLL));
        DevicePoller p = poller("lake-2", slave, channels, FAST);

        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count("lake-2", "missing", Quality.BAD_CONFIG) >= 3);
        assertTrue(sink.latest("lake-2", "missing").orElseThrow().value() == null);
        assertEquals(Quality.GOOD, sink.latest("lake-2", "level").orElseThrow().quality());
        assertEquals(DeviceState.ONLINE, p.state());
        assertTrue(p.status().lastError().contains("exception 2"), p.status().lastError());
        // exception responses are not retried: one failure per cycle
        assertEquals(0, sink.count("lake-2", Quality.BAD_COMM));
    }

    @Test
    void stoppedSlaveGoesOfflineOnceAndRecoversWhileAnotherDeviceKeepsPolling() {
        TestSlave first = slave(1);
        TestSlave second = slave(1);
        DevicePoller a = poller("lake-a", first, lakeChannels(), FAST);
        DevicePoller b = poller("lake-b", second, lakeChannels(), FAST);
        await().atMost(Duration.ofSeconds(5)).until(() -> a.state() == DeviceState.ONLINE
                && b.state() == DeviceState.ONLINE);

        first.stop();
        await().atMost(Duration.ofSeconds(10)).until(() -> a.state() == DeviceState.OFFLINE);
        int channels = lakeChannels().size();
        await().atMost(Duration.ofSeconds(2)).until(() -> sink.count("lake-a", Quality.BAD_OFFLINE) == channels);
        assertTrue(sink.count("lake-a", Quality.BAD_COMM) > 0, "failed cycles before offline report BAD_COMM");

        // the other device is polled on time throughout
        long bBefore = sink.count("lake-b", "level", Quality.GOOD);
        long cyclesA = a.cycles();
        Instant t0 = Instant.now();
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count("lake-b", "level", Quality.GOOD) >= bBefore + 8);
        assertTrue(Duration.between(t0, Instant.now()).toMillis() < 2500);
        // while offline: no more regular cycles, no repeated BAD_OFFLINE, only probes
        assertEquals(cyclesA, a.cycles());
        assertEquals(channels, sink.count("lake-a", Quality.BAD_OFFLINE));
        assertEquals(DeviceState.OFFLINE, a.status().state());

        first.start(TestSlave.image(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> a.state() == DeviceState.ONLINE);
        long good = sink.count("lake-a", "level", Quality.GOOD);
        await().atMost(Duration.ofSeconds(3)).until(() -> sink.count("lake-a", "level", Quality.GOOD) > good + 2);
        assertEquals(1.25, value("lake-a", "level"), 1e-9);
        assertEquals(channels, sink.count("lake-a", Quality.BAD_OFFLINE));
        assertEquals(0, b.status().failures());
    }

    @Test
    void silentUnitOnASharedConnectionDoesNotStallItsNeighbour() {
        // one TCP gateway, two unit ids behind it; the gateway swallows requests for a silenced unit: real timeouts
        TestSlave slave = slave(1, 2);
        try (SilencingProxy gateway = new SilencingProxy(slave.port)) {
            ModbusBus bus = registry.acquire(BusConfig.tcp("127.0.0.1", gateway.port()));
            buses.add(bus);
            DevicePoller healthy = new DevicePoller("pump-1", "pump@1.0.0", lakeChannels(), unit(1, FAST), bus,
                    registry.scheduler(), sink);
            DevicePoller flaky = new DevicePoller("pump-2", "pump@1.0.0", lakeChannels(), unit(2, FAST), bus,
                    registry.scheduler(), sink);
            pollers.add(healthy);
            pollers.add(flaky);
            healthy.start();
            flaky.start();
            await().atMost(Duration.ofSeconds(5)).until(() -> flaky.state() == DeviceState.ONLINE
                    && healthy.state() == DeviceState.ONLINE);

            int before = sink.of("pump-1").size();
            gateway.silence(2);
            await().atMost(Duration.ofSeconds(10)).until(() -> flaky.state() == DeviceState.OFFLINE);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count("pump-2", Quality.BAD_OFFLINE) == 7);
            assertTrue(flaky.status().lastError() != null);
            // let the healthy unit run beside the offline one for a few probe intervals
            long good = sink.count("pump-1", "level", Quality.GOOD);
            await().atMost(Duration.ofSeconds(5)).until(() -> sink.count("pump-1", "level", Quality.GOOD) >= good + 8);

            List<Reading> healthyReadings = sink.of("pump-1");
            List<Instant> times = new ArrayList<>();
            for (Reading r : healthyReadings.subList(before, healthyReadings.size())) {
                if (r.channel().equals("level")) {
                    assertEquals(Quality.GOOD, r.quality());
                    times.add(r.time());
                }
            }
            long worstGap = 0;
            for (int i = 1; i < times.size(); i++) {
                worstGap = Math.max(worstGap, Duration.between(times.get(i - 1), times.get(i)).toMillis());
            }
            // polled every 200 ms; sharing the line with a unit that times out costs about one timeout (300 ms)
            assertTrue(worstGap < 1200, "healthy unit waited " + worstGap + " ms between readings");
            assertEquals(0, sink.count("pump-1", Quality.BAD_COMM));

            gateway.unsilence(2);
            await().atMost(Duration.ofSeconds(5)).until(() -> flaky.state() == DeviceState.ONLINE);
            long back = sink.count("pump-2", "level", Quality.GOOD);
            await().atMost(Duration.ofSeconds(3)).until(() -> sink.count("pump-2", "level", Quality.GOOD) > back);
            assertEquals(7, sink.count("pump-2", Quality.BAD_OFFLINE));
        }
    }
}
