package org.hanedge.gateway.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.pi4j.io.gpio.digital.DigitalState;
import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/**
 * The component's wiring of the output side, without a framework: which devices' readings count for an interlock
 * (those whose DeviceDriver service runs the same profile id), and a write through the component, which Declarative
 * Services registers as the device's OutputDriver.
 */
class GpioDeviceComponentTest {
    @TempDir
    Path dir;
    final GpioDeviceTest.Sink sink = new GpioDeviceTest.Sink();
    final OutputWriterTest.Latest latest = new OutputWriterTest.Latest();
    final OutputWriterTest.MemoryOutbox outbox = new OutputWriterTest.MemoryOutbox();
    GpioDeviceComponent component;

    @AfterEach
    void stop() {
        if (component != null) {
            component.stop();
        }
    }

    GpioDeviceComponent.Config config() {
        return config(Map.of());
    }

    GpioDeviceComponent.Config config(Map<String, Object> overrides) {
        Map<String, Object> values = new java.util.HashMap<>(Map.of("device_id", "io", "profile", "pump-station",
                "provider", "mock", "chip", "gpiochip0", "pull", "auto", "state_dir", dir.toString(),
                "queue_capacity", 1024));
        values.putAll(overrides);
        return (GpioDeviceComponent.Config) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {GpioDeviceComponent.Config.class}, // unset: the annotation's default, as DS does
                (p, m, args) -> values.containsKey(m.getName()) ? values.get(m.getName()) : m.getDefaultValue());
    }

    /** A DeviceDriver service reference with the given service properties. */
    @SuppressWarnings("unchecked")
    static ServiceReference<DeviceDriver> driver(Map<String, Object> props) {
        return (ServiceReference<DeviceDriver>) Proxy.newProxyInstance(GpioDeviceComponentTest.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class}, (p, m, args) -> switch (m.getName()) {
                    case "getProperty" -> props.get((String) args[0]);
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == args[0];
                    case "toString" -> "ServiceReference" + props;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Test
    void interlocksReadTheDevicesOfTheSameProfile() {
        DeviceProfile profile = OutputWriterTest.PROFILE;
        assertTrue(OutputWriter.hasOutputs(profile));
        component = new GpioDeviceComponent(profile, sink);
        component.start(config(), null);
        component.services(latest, outbox);

        ServiceReference<DeviceDriver> self = driver(Map.of(DeviceDriver.DEVICE_ID, "io", DeviceDriver.PROFILE_ID,
                "pump-station"));
        ServiceReference<DeviceDriver> plc = driver(Map.of(DeviceDriver.DEVICE_ID, "plc", DeviceDriver.PROFILE_ID,
                "pump-station"));
        ServiceReference<DeviceDriver> sonde = driver(Map.of(DeviceDriver.DEVICE_ID, "sonde",
                DeviceDriver.PROFILE_ID, "lake"));
        component.bindDriver(self);
        component.bindDriver(plc);
        component.bindDriver(sonde);
        assertEquals(List.of("io", "plc"), component.devicesOfProfile());

        OutputDriver writer = component;
        latest.put(Reading.of("sonde", "wet_well_level", 3.0, "m", Instant.now()));
        WriteCommand on = new WriteCommand("io", "pump1_run", true, "server:ops");
        assertEquals(WriteStatus.REFUSED_INTERLOCK, writer.write(on).toCompletableFuture().join().status(),
                "a level from a device of another profile does not count");

        latest.put(Reading.of("plc", "wet_well_level", 1.5, "m", Instant.now().minus(Duration.ofSeconds(1))));
        WriteResult done = writer.write(on).toCompletableFuture().join();
        assertEquals(WriteStatus.DONE, done.status(), String.valueOf(done.reason()));
        assertEquals(DigitalState.HIGH, component.device().output("pump1_run").state());
        assertEquals(2, outbox.events().size());

        component.unbindDriver(plc);
        assertEquals(List.of("io"), component.devicesOfProfile());
        assertEquals(WriteStatus.DONE, writer.write(new WriteCommand("io", "pump1_run", false, "shell"))
                .toCompletableFuture().join().status(), "off needs no level");
        assertFalse(component.device().isOn("pump1_run"));
    }

    @Test
    void simProviderTakesTheSimulatorAddress() {
        GpioDeviceOptions o = GpioDeviceComponent.options(
                config(Map.of("provider", "sim", "sim_address", "10.0.0.5:6000")), null);
        assertEquals(GpioProviders.Kind.SIM, o.provider());
        assertEquals("10.0.0.5:6000", o.simAddress());
        assertEquals(GpioDeviceOptions.DEFAULT_SIM_ADDRESS,
                GpioDeviceComponent.options(config(Map.of("provider", "sim")), null).simAddress());

        component = new GpioDeviceComponent(OutputWriterTest.PROFILE, sink);
        component.start(config(Map.of("provider", "sim", "sim_address", "no-port")), null);
        DeviceStatus status = component.status();
        assertEquals(DeviceState.FAILED, status.state());
        assertTrue(status.lastError().contains("sim.address"), status.lastError());
        assertEquals(WriteStatus.FAILED, component.write(new WriteCommand("io", "pump1_run", false, "shell"))
                .toCompletableFuture().join().status(), "a failed device answers writes as the writer would");
    }

    @Test
    void aProfileWithoutOutputsRefusesEveryWrite() {
        DeviceProfile inputs = new DeviceProfile("door-watch", "1.0.0", "test", List.of(OutputWriterTest.DOOR),
                List.of());
        assertFalse(OutputWriter.hasOutputs(inputs));
        component = new GpioDeviceComponent(inputs, sink);
        component.start(config(Map.of("profile", "door-watch")), null);
        component.services(latest, outbox);
        assertNotEquals(DeviceState.FAILED, component.status().state(), String.valueOf(component.status()));

        OutputDriver output = component;
        WriteResult door = output.write(new WriteCommand("io", "door_open", true, "shell")).toCompletableFuture()
                .join();
        assertEquals(WriteStatus.NOT_WRITABLE, door.status(), String.valueOf(door.reason()));
        WriteResult pump = output.write(new WriteCommand("io", "pump1_run", true, "shell")).toCompletableFuture()
                .join();
        assertEquals(WriteStatus.UNKNOWN_CHANNEL, pump.status(), String.valueOf(pump.reason()));
        assertTrue(outbox.events().isEmpty(), "refusals other than interlocks are not events");
    }
}
