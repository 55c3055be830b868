package org.hanedge.gateway.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.pi4j.io.gpio.digital.DigitalState;
import org.hanedge.gateway.api.DeviceDriver;
import org.hanedge.gateway.api.LatestReadings;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Interlock;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Relay outputs with interlocks on Pi4J's mock provider. The level comes from another device of the same profile
 * ({@code plc}, as the station PLC over Modbus), the relays are on {@code io}. Writes are decided synchronously, so
 * every outcome is asserted right after the call.
 */
class OutputWriterTest {
    static final Instant T0 = Instant.parse("2025-06-01T08:00:00Z");

    /** A wall clock the test moves. */
    static final class MutableClock extends Clock {
        volatile Instant now = T0;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** The latest reading per device and channel, as gw-stream keeps it. */
    static final class Latest implements LatestReadings {
        final Map<String, Reading> byKey = new ConcurrentHashMap<>();

        void put(Reading r) {
            byKey.put(r.deviceId() + "/" + r.channel(), r);
        }

        @Override
        public List<Reading> all() {
            return List.copyOf(byKey.values());
        }

        @Override
        public Optional<Reading> latest(String deviceId, String channel) {
            return Optional.ofNullable(byKey.get(deviceId + "/" + channel));
        }
    }

    /** An in-memory outbox that records what is appended. */
    static final class MemoryOutbox implements Outbox {
        final List<Priority> priorities = new CopyOnWriteArrayList<>();
        final List<Payload> payloads = new CopyOnWriteArrayList<>();

        @Override
        public CompletionStage<Long> append(Priority priority, List<Payload> list) {
            priorities.add(priority);
            payloads.addAll(list);
            return CompletableFuture.completedFuture((long) payloads.size());
        }

        @Override
        public List<OutboxEntry> take(int max, Duration wait) {
            return List.of();
        }

        @Override
        public void acknowledge(Collection<Long> seqs) {
        }

        @Override
        public void release(Collection<Long> seqs) {
        }

        @Override
        public OutboxStats stats() {
            return new OutboxStats(Map.of(), 0, 0, 0, Map.of(), payloads.size());
        }

        List<Payload.OfEvent> events() {
            return payloads.stream().map(p -> (Payload.OfEvent) p).toList();
        }
    }

    static final ChannelSpec LEVEL = new ChannelSpec("wet_well_level", "", "m", ValueKind.NUMBER,
            new ModbusSource(RegisterTable.HOLDING_REGISTER, 0, DataType.UINT16, Endian.BIG, Endian.BIG, 0.01, 0, -1),
            Duration.ofSeconds(2), Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null);
    static final ChannelSpec PUMP1 = output("pump1_run", 22, false);
    static final ChannelSpec PUMP2 = output("pump2_run", 23, true);
    static final ChannelSpec DOOR = GpioDeviceTest.input("door_open", 5, false, Duration.ZERO);
    static final DeviceProfile PROFILE = new DeviceProfile("pump-station", "1.0.0", "test",
            List.of(LEVEL, PUMP1, PUMP2, DOOR),
            List.of(new Interlock("pump1_run", "wet_well_level", 0.8, null, "dry-run protection"),
                    new Interlock("pump2_run", "wet_well_level", 0.8, 4.5, null)));

    static ChannelSpec output(String name, int pin, boolean activeLow) {
        return new ChannelSpec(name, "", null, ValueKind.BOOLEAN,
                new GpioSource(pin, GpioMode.OUTPUT, activeLow, Duration.ZERO, 0), null, Reporting.EVERY_SAMPLE,
                AlarmLimits.NONE, null);
    }

    @TempDir
    Path dir;
    final MutableClock clock = new MutableClock();
    final GpioDeviceTest.ManualClock gpioClock = new GpioDeviceTest.ManualClock();
    final GpioDeviceTest.Sink sink = new GpioDeviceTest.Sink();
    final Latest latest = new Latest();
    final MemoryOutbox outbox = new MemoryOutbox();
    final List<String> devicesOfProfile = new CopyOnWriteArrayList<>(List.of("io", "plc"));
    GpioDevice device;
    volatile Outbox boundOutbox = outbox;
    OutputWriter writer;

    @BeforeEach
    void start() {
        device = new GpioDevice("io", PROFILE.ref(), PROFILE.channelsOn(GpioSource.class),
                GpioDeviceOptions.mock(dir), sink, gpioClock).start();
        writer = new OutputWriter("io", PROFILE, () -> device,
                new InterlockReadings(() -> latest, () -> devicesOfProfile), () -> boundOutbox, clock);
    }

    @AfterEach
    void close() {
        if (device != null) {
            device.close();
        }
    }

    void level(String deviceId, double metres, Duration ago) {
        latest.put(Reading.of(deviceId, "wet_well_level", metres, "m", clock.now.minus(ago)));
    }

    WriteResult write(String channel, Object value) {
        return writer.write(new WriteCommand("io", channel, value, "server:ops")).toCompletableFuture().join();
    }

    DigitalState pin(String channel) {
        return device.output(channel).state();
    }

    List<Object> states(String channel) {
        return sink.of(channel).stream().map(Reading::value).toList();
    }

    @Test
    void outputsStartOffAndPublishTheirState() {
        assertEquals(DigitalState.LOW, pin("pump1_run"));
        assertEquals(List.of(false), states("pump1_run"));
        assertEquals(List.of(false), states("pump2_run"));
        assertFalse(device.isOn("pump1_run"));
    }

    @Test
    void switchingOnIsRefusedWhileTheLevelIsBelowTheLimit() {
        level("plc", 0.62, Duration.ofSeconds(1));
        WriteResult r = write("pump1_run", true);

        assertEquals(WriteStatus.REFUSED_INTERLOCK, r.status());
        assertEquals("interlock 'dry-run protection' (pump1_run needs wet_well_level >= 0.8): wet_well_level is "
                + "0.62 m", r.reason());
        assertEquals(DigitalState.LOW, pin("pump1_run"), "the relay did not move");
        assertFalse(device.isOn("pump1_run"));
        assertEquals(List.of(false), states("pump1_run"), "no state change published");

        assertEquals(List.of(Priority.EVENT), outbox.priorities);
        Payload.OfEvent e = outbox.events().get(0);
        assertEquals("event", e.topic());
        assertEquals(T0, e.time());
        assertEquals("{\"type\":\"output-write\",\"device\":\"io\",\"channel\":\"pump1_run\",\"value\":true,"
                + "\"origin\":\"server:ops\",\"status\":\"REFUSED_INTERLOCK\",\"reason\":\"interlock 'dry-run "
                + "protection' (pump1_run needs wet_well_level >= 0.8): wet_well_level is 0.62 m\","
                + "\"time\":\"2025-06-01T08:00:00Z\"}", e.json());
    }

    @Test
    void switchingOnIsAllowedAboveTheLimit() {
        level("plc", 1.25, Duration.ofSeconds(1));
        WriteResult r = write("pump1_run", true);

        assertEquals(WriteStatus.DONE, r.status());
        assertNull(r.reason());
        assertEquals(T0, r.time());
        assertEquals(DigitalState.HIGH, pin("pump1_run"));
        assertTrue(device.isOn("pump1_run"));
        assertEquals(List.of(false, true), states("pump1_run"));
        assertEquals(Quality.GOOD, sink.of("pump1_run").get(1).quality());
        assertEquals("{\"type\":\"output-write\",\"device\":\"io\",\"channel\":\"pump1_run\",\"value\":true,"
                + "\"origin\":\"server:ops\",\"status\":\"DONE\",\"reason\":null,"
                + "\"time\":\"2025-06-01T08:00:00Z\"}", outbox.events().get(0).json());
    }

    @Test
    void exactlyAtTheLimitIsAllowed() {
        level("plc", 0.8, Duration.ZERO);
        assertEquals(WriteStatus.DONE, write("pump1_run", true).status());
    }

    @Test
    void switchingOffIsNeverRefused() {
        level("plc", 1.25, Duration.ofSeconds(1));
        assertEquals(WriteStatus.DONE, write("pump1_run", true).status());
        level("plc", 0.1, Duration.ofSeconds(1));
        assertEquals(WriteStatus.DONE, write("pump1_run", false).status());
        assertEquals(DigitalState.LOW, pin("pump1_run"));

        latest.byKey.clear(); // no level at all
        assertEquals(WriteStatus.DONE, write("pump1_run", false).status(), "off while already off");
        assertEquals(List.of(false, true, false), states("pump1_run"), "a reading only when the state changed");
        assertEquals(3, outbox.events().size());
        assertTrue(outbox.events().get(2).json().contains("\"value\":false"));
    }

    @Test
    void missingLevelIsRefused() {
        WriteResult r = write("pump1_run", true);
        assertEquals(WriteStatus.REFUSED_INTERLOCK, r.status());
        assertTrue(r.reason().contains("no recent good reading of wet_well_level"), r.reason());
        assertTrue(r.reason().contains(">= 0.8"), r.reason());
        assertEquals(DigitalState.LOW, pin("pump1_run"));
    }

    @Test
    void staleLevelIsRefusedFreshOneAllowed() {
        // poll 2 s: 3 × 2 s is below the floor, so readings older than 10 s do not count
        assertEquals(Duration.ofSeconds(10), OutputWriter.staleAfter(LEVEL));
        level("plc", 1.25, Duration.ofSeconds(11));
        WriteResult r = write("pump1_run", true);
        assertEquals(WriteStatus.REFUSED_INTERLOCK, r.status());
        assertTrue(r.reason().contains("no recent good reading of wet_well_level (latest from plc is 11.0 s old, "
                + "limit 10.0 s)"), r.reason());
        assertEquals(DigitalState.LOW, pin("pump1_run"));

        level("plc", 1.25, Duration.ofSeconds(9));
        assertEquals(WriteStatus.DONE, write("pump1_run", true).status());
        assertEquals(DigitalState.HIGH, pin("pump1_run"));
    }

    @Test
    void stalenessBoundFollowsSlowPolls() {
        ChannelSpec slow = new ChannelSpec("x", "", "m", ValueKind.NUMBER, LEVEL.source(), Duration.ofMinutes(1),
                Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null);
        assertEquals(Duration.ofMinutes(3), OutputWriter.staleAfter(slow));
    }

    @Test
    void levelWithoutGoodQualityIsRefused() {
        latest.put(Reading.failed("plc", "wet_well_level", "m", T0, Quality.BAD_OFFLINE));
        WriteResult r = write("pump1_run", true);
        assertEquals(WriteStatus.REFUSED_INTERLOCK, r.status());
        assertTrue(r.reason().contains("no recent good reading of wet_well_level (latest from plc is BAD_OFFLINE)"),
                r.reason());
    }

    @Test
    void theMostRecentReadingAmongDevicesOfTheProfileCounts() {
        devicesOfProfile.add("plc2");
        level("plc", 1.25, Duration.ofSeconds(5));
        level("plc2", 0.5, Duration.ofSeconds(1));
        level("lake-sonde", 2.0, Duration.ZERO); // another profile: not in devicesOfProfile
        assertEquals(WriteStatus.REFUSED_INTERLOCK, write("pump1_run", true).status());
        level("plc", 1.25, Duration.ZERO);
        assertEquals(WriteStatus.DONE, write("pump1_run", true).status());
    }

    @Test
    void everyInterlockOfTheOutputMustPermitIt() {
        level("plc", 4.6, Duration.ZERO);
        WriteResult r = write("pump2_run", true);
        assertEquals(WriteStatus.REFUSED_INTERLOCK, r.status());
        assertEquals("interlock on pump2_run (pump2_run needs wet_well_level between 0.8 and 4.5): wet_well_level "
                + "is 4.6 m", r.reason());
    }

    @Test
    void activeLowDrivesTheMockOutputLowWhenOn() {
        assertEquals(DigitalState.HIGH, pin("pump2_run"), "off = high on an active-low relay");
        level("plc", 2.0, Duration.ZERO);
        assertEquals(WriteStatus.DONE, write("pump2_run", true).status());
        assertEquals(DigitalState.LOW, pin("pump2_run"));
        assertEquals(List.of(false, true), states("pump2_run"), "readings carry the logical state");
        assertEquals(WriteStatus.DONE, write("pump2_run", false).status());
        assertEquals(DigitalState.HIGH, pin("pump2_run"));
    }

    @Test
    void wrongChannelsAndValuesAreNotWritten() {
        level("plc", 2.0, Duration.ZERO);
        assertEquals(WriteStatus.UNKNOWN_CHANNEL, write("pump9_run", true).status());
        assertEquals(WriteStatus.NOT_WRITABLE, write("door_open", true).status());
        assertEquals(WriteStatus.NOT_WRITABLE, write("wet_well_level", true).status());
        WriteResult text = write("pump1_run", "yes");
        assertEquals(WriteStatus.NOT_WRITABLE, text.status());
        assertTrue(text.reason().contains("true or false"), text.reason());
        assertEquals(WriteStatus.NOT_WRITABLE, write("pump1_run", 1.0).status());
        WriteResult other = writer.write(new WriteCommand("plc", "pump1_run", true, "shell")).toCompletableFuture()
                .join();
        assertEquals(WriteStatus.UNKNOWN_DEVICE, other.status());
        assertEquals(DigitalState.LOW, pin("pump1_run"));
        assertEquals(List.of(false), states("pump1_run"));
        assertTrue(outbox.payloads.isEmpty(), "only DONE and REFUSED outcomes become events");
    }

    @Test
    void aDeviceThatCannotDriveThePinFails() {
        device.close();
        level("plc", 2.0, Duration.ZERO);
        WriteResult r = write("pump1_run", true);
        assertEquals(WriteStatus.FAILED, r.status());
        assertTrue(r.reason().contains("not running"), r.reason());
        device = null;
        assertEquals(WriteStatus.FAILED, write("pump1_run", true).status(), "device never started");
    }

    @Test
    void withoutAnOutboxTheOutcomeIsOnlyLogged() {
        boundOutbox = null;
        level("plc", 2.0, Duration.ZERO);
        assertEquals(WriteStatus.DONE, write("pump1_run", true).status());
        assertEquals(DigitalState.HIGH, pin("pump1_run"));
        assertTrue(outbox.payloads.isEmpty());
    }

    @Test
    void eventJsonEscapesText() {
        WriteResult r = new WriteResult(new WriteCommand("io", "pump1_run", false, "server:\"o\\p\"\n"),
                WriteStatus.DONE, null, T0);
        assertEquals("{\"type\":\"output-write\",\"device\":\"io\",\"channel\":\"pump1_run\",\"value\":false,"
                + "\"origin\":\"server:\\\"o\\\\p\\\"\\n\",\"status\":\"DONE\",\"reason\":null,"
                + "\"time\":\"2025-06-01T08:00:00Z\"}", OutputWriter.eventJson(r));
    }

    @Test
    void shellCommandTakesTheSamePath() {
        WriteShellCommand shell = new WriteShellCommand();
        shell.addOutput(writer, Map.of(DeviceDriver.DEVICE_ID, "io"));

        level("plc", 0.3, Duration.ZERO);
        String refused = shell.write("io", "pump1_run", "true");
        assertTrue(refused.startsWith("REFUSED_INTERLOCK io/pump1_run = true (origin shell): interlock "
                + "'dry-run protection'"), refused);
        assertEquals(DigitalState.LOW, pin("pump1_run"));

        level("plc", 1.0, Duration.ZERO);
        assertEquals("DONE io/pump1_run = true (origin shell)", shell.write("io", "pump1_run", "true"));
        assertEquals(DigitalState.HIGH, pin("pump1_run"));
        assertTrue(outbox.events().get(1).json().contains("\"origin\":\"shell\",\"status\":\"DONE\""),
                outbox.events().get(1).json());

        assertTrue(shell.write("pump-9", "pump1_run", "false").startsWith("UNKNOWN_DEVICE pump-9/pump1_run"));
        assertTrue(shell.write("io", "pump1_run", "maybe").startsWith("usage: hanedge:write"));
        shell.removeOutput(writer);
        assertTrue(shell.write("io", "pump1_run", "false").startsWith("UNKNOWN_DEVICE"));
        assertEquals(DigitalState.HIGH, pin("pump1_run"));
    }

    @Test
    void interlockReadingsIgnoreMissingLatestReadings() {
        InterlockReadings none = new InterlockReadings(() -> null, () -> List.of("plc"));
        assertTrue(none.latest("wet_well_level").isEmpty());
        List<String> ids = new ArrayList<>(List.of("plc", "plc"));
        level("plc", 1.0, Duration.ZERO);
        assertEquals(1.0, new InterlockReadings(() -> latest, () -> ids).latest("wet_well_level").orElseThrow()
                .numberValue());
    }
}
