package org.hanedge.gateway.modbus.internal;

import static org.awaitility.Awaitility.await;
import static org.hanedge.gateway.modbus.internal.Channels.ch;
import static org.hanedge.gateway.modbus.internal.Channels.src;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The component's lifecycle without a framework: configuration mapping, bus sharing, FAILED on bad config. */
class ModbusDeviceComponentTest {
    private final CollectingSink sink = new CollectingSink();
    private final ModbusBusRegistry registry = new ModbusBusRegistry();
    private final DeviceProfile lake = new DeviceProfile("lake", "1.0.0", "test lake", List.of(
            ch("level", src(RegisterTable.HOLDING_REGISTER, 0, DataType.FLOAT32), "m", Duration.ofMillis(200)),
            ch("temp", src(RegisterTable.HOLDING_REGISTER, 2, DataType.INT16), "Cel", Duration.ofMillis(200)),
            new ChannelSpec("lat", "GPS latitude", "lat", ValueKind.NUMBER, new NmeaSource("GGA", "latitude"),
                    null, Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null)));

    @BeforeEach
    void setUp() {
        registry.activate();
    }

    @AfterEach
    void tearDown() {
        registry.deactivate();
    }

    /** A configuration as DS would hand it over: given values, else the annotation defaults. */
    static ModbusDeviceComponent.Config config(Map<String, Object> values) {
        return (ModbusDeviceComponent.Config) Proxy.newProxyInstance(ModbusDeviceComponent.Config.class
                .getClassLoader(), new Class<?>[] {ModbusDeviceComponent.Config.class}, (proxy, method, args) -> {
                    if (values.containsKey(method.getName())) {
                        return values.get(method.getName());
                    }
                    if (method.getName().equals("annotationType")) {
                        return ModbusDeviceComponent.Config.class;
                    }
                    return method.getDefaultValue();
                });
    }

    @Test
    void pollsTheProfilesModbusChannelsAndReleasesTheBus() {
        try (TestSlave slave = new TestSlave().start(TestSlave.image(1))) {
            Map<String, Object> cfg = new HashMap<>(Map.of("device_id", "lake-sonde", "profile", "lake",
                    "transport", "tcp", "port", slave.port, "timeout_ms", 500));
            ModbusDeviceComponent a = new ModbusDeviceComponent(registry, lake, sink);
            a.start(config(cfg));
            cfg.put("device_id", "lake-sonde-2");
            ModbusDeviceComponent b = new ModbusDeviceComponent(registry, lake, sink);
            b.start(config(cfg));
            assertEquals(1, registry.openBuses(), "both devices share one TCP connection");
            assertEquals("lake-sonde", a.deviceId());
            assertEquals(1, a.poller().requestCount());

            await().atMost(Duration.ofSeconds(5)).until(() -> a.status().state() == DeviceState.ONLINE
                    && sink.latest("lake-sonde-2", "temp").isPresent());
            assertEquals(1.25, sink.latest("lake-sonde", "level").orElseThrow().numberValue(), 1e-9);
            assertEquals(285, sink.latest("lake-sonde-2", "temp").orElseThrow().numberValue(), 1e-9);
            assertTrue(sink.latest("lake-sonde", "lat").isEmpty(), "NMEA channels are not ours");
            assertEquals("lake@1.0.0", a.status().profileId());

            a.stop();
            assertEquals(1, registry.openBuses());
            b.stop();
            assertEquals(0, registry.openBuses());
        }
    }

    @Test
    void badConfigurationLeavesTheDeviceFailed() {
        ModbusDeviceComponent noPort = new ModbusDeviceComponent(registry, lake, sink);
        noPort.start(config(Map.of("device_id", "pump-1", "transport", "rtu")));
        assertEquals(DeviceState.FAILED, noPort.status().state());
        assertTrue(noPort.status().lastError().contains("serial.port"), noPort.status().lastError());
        assertNull(noPort.poller());

        ModbusDeviceComponent badTransport = new ModbusDeviceComponent(registry, lake, sink);
        badTransport.start(config(Map.of("device_id", "pump-2", "transport", "udp")));
        assertEquals(DeviceState.FAILED, badTransport.status().state());

        DeviceProfile gpsOnly = new DeviceProfile("boat", "1.0.0", "gps", lake.channelsOn(NmeaSource.class));
        ModbusDeviceComponent noChannels = new ModbusDeviceComponent(registry, gpsOnly, sink);
        noChannels.start(config(Map.of("device_id", "boat-1", "transport", "tcp")));
        assertEquals(DeviceState.FAILED, noChannels.status().state());
        assertEquals(0, registry.openBuses());
    }

    @Test
    void devicesOnOneSerialLineMustAgreeOnItsSettings() {
        // RTU links open lazily, so no serial port is needed to check the sharing rules
        Map<String, Object> rtu = Map.of("device_id", "p1", "transport", "rtu", "serial_port", "/tmp/no-such-tty",
                "retries", 0, "timeout_ms", 100);
        ModbusDeviceComponent first = new ModbusDeviceComponent(registry, lake, sink);
        first.start(config(rtu));
        Map<String, Object> same = new HashMap<>(rtu);
        same.put("device_id", "p2");
        same.put("unit_id", 2);
        ModbusDeviceComponent second = new ModbusDeviceComponent(registry, lake, sink);
        second.start(config(same));
        assertEquals(1, registry.openBuses());

        Map<String, Object> faster = new HashMap<>(same);
        faster.put("device_id", "p3");
        faster.put("serial_baud", 19200);
        ModbusDeviceComponent third = new ModbusDeviceComponent(registry, lake, sink);
        third.start(config(faster));
        assertEquals(DeviceState.FAILED, third.status().state());
        assertTrue(third.status().lastError().contains("already open"), third.status().lastError());

        // a serial port that cannot be opened is a communication failure, not a crash
        await().atMost(Duration.ofSeconds(5)).until(() -> sink.count("p1", "level", Quality.BAD_COMM) > 0);
        first.stop();
        second.stop();
        assertEquals(0, registry.openBuses());
    }
}
