package org.hanedge.gateway.gpio.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device on Pi4J's mock provider with a manual clock: debounce and rate windows are exact. */
class GpioDeviceTest {
    static final Duration MS = Duration.ofMillis(1);
    static final Instant EPOCH = Instant.parse("2025-06-01T00:00:00Z");

    static final class ManualClock implements GpioClock {
        final AtomicLong now = new AtomicLong(1_000_000_000L);

        @Override
        public long nanos() {
            return now.get();
        }

        @Override
        public Instant wallTime(long nanos) {
            return EPOCH.plusNanos(nanos);
        }

        void advance(Duration d) {
            now.addAndGet(d.toNanos());
        }
    }

    static final class Sink implements ReadingSink {
        final List<Reading> readings = new CopyOnWriteArrayList<>();

        @Override
        public void publish(List<Reading> batch) {
            readings.addAll(batch);
        }

        List<Reading> of(String channel) {
            return readings.stream().filter(r -> r.channel().equals(channel)).toList();
        }
    }

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock();
    final Sink sink = new Sink();
    final List<GpioDevice> devices = new ArrayList<>();

    @AfterEach
    void close() {
        devices.forEach(GpioDevice::close);
    }

    static ChannelSpec input(String name, int pin, boolean activeLow, Duration debounce) {
        return new ChannelSpec(name, "", null, ValueKind.BOOLEAN,
                new GpioSource(pin, GpioMode.INPUT, activeLow, debounce, 0), null, Reporting.EVERY_SAMPLE,
                AlarmLimits.NONE, null);
    }

    static ChannelSpec counter(String name, int pin, double perPulse, Duration debounce, Duration poll, String unit) {
        return new ChannelSpec(name, "", unit, ValueKind.NUMBER,
                new GpioSource(pin, GpioMode.COUNTER, true, debounce, perPulse), poll, Reporting.EVERY_SAMPLE,
                AlarmLimits.NONE, null);
    }

    GpioDevice start(ChannelSpec... channels) {
        GpioDevice d = new GpioDevice("pump1", "pump-station@1.0.0", List.of(channels), GpioDeviceOptions.mock(dir),
                sink, clock).start();
        devices.add(d);
        return d;
    }

    static MockDigitalInput mock(GpioDevice d, String channel) {
        return (MockDigitalInput) d.input(channel);
    }

    static void level(MockDigitalInput in, boolean high) {
        in.mockState(high ? DigitalState.HIGH : DigitalState.LOW);
    }

    @Test
    void publishesCurrentStateAtStartHonouringActiveLow() {
        // the mock input starts LOW: active for an activeLow pin, inactive otherwise
        start(input("sos", 27, true, Duration.ofMillis(50)), input("door_open", 5, false, Duration.ofMillis(50)));
        await().until(() -> sink.readings.size() == 2);
        assertEquals(true, sink.of("sos").get(0).value());
        assertEquals(false, sink.of("door_open").get(0).value());
        assertEquals(EPOCH.plusNanos(1_000_000_000L), sink.readings.get(0).time());
    }

    @Test
    void glitchShorterThanDebounceIsIgnoredLongerOneReported() {
        GpioDevice d = start(input("door_open", 5, false, Duration.ofMillis(50)));
        MockDigitalInput in = mock(d, "door_open");
        await().until(() -> sink.readings.size() == 1);
        level(in, true);
        clock.advance(MS.multipliedBy(49));
        level(in, false); // 49 ms glitch
        clock.advance(Duration.ofSeconds(1));
        d.wake();
        long t0 = clock.nanos();
        level(in, true); // held
        clock.advance(MS.multipliedBy(50));
        d.wake();
        await().until(() -> sink.readings.size() == 2);
        Reading r = sink.readings.get(1);
        assertEquals(true, r.value());
        assertEquals(EPOCH.plusNanos(t0), r.time(), "dated at the start of the held level");
        // nothing else arrives once the worker has also seen the glitch's time span
        clock.advance(Duration.ofSeconds(1));
        d.close();
        assertEquals(2, sink.readings.size());
    }

    @Test
    void chatterYieldsOneEdge() {
        GpioDevice d = start(input("bin_lift", 22, true, Duration.ofMillis(50)));
        MockDigitalInput in = mock(d, "bin_lift");
        await().until(() -> sink.readings.size() == 1); // LOW at start = active (activeLow)
        for (int i = 0; i < 20; i++) { // bouncing release: HIGH (inactive) and back, 1 ms each
            level(in, true);
            clock.advance(MS);
            level(in, false);
            clock.advance(MS);
        }
        level(in, true);
        clock.advance(MS.multipliedBy(60));
        d.wake();
        await().until(() -> sink.readings.size() == 2);
        d.close();
        assertEquals(List.of(true, false), sink.readings.stream().map(Reading::value).toList());
    }

    @Test
    void edgesInOrder() {
        GpioDevice d = start(input("pump_running", 4, false, Duration.ZERO));
        MockDigitalInput in = mock(d, "pump_running");
        for (int i = 0; i < 100; i++) {
            clock.advance(MS);
            level(in, i % 2 == 0);
        }
        await().until(() -> sink.readings.size() == 101);
        for (int i = 0; i < 100; i++) {
            Reading r = sink.readings.get(i + 1);
            assertEquals(i % 2 == 0, r.value());
            assertEquals(Quality.GOOD, r.quality());
            assertTrue(r.time().isAfter(sink.readings.get(i).time()));
        }
    }

    @Test
    void burstOfTenThousandEdgesAllReportedInOrder() {
        GpioDevice d = start(input("pump_running", 4, false, Duration.ZERO));
        MockDigitalInput in = mock(d, "pump_running");
        for (int i = 0; i < 10_000; i++) {
            clock.advance(Duration.ofNanos(1000));
            level(in, i % 2 == 0);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> sink.readings.size() == 10_001);
        for (int i = 0; i < 10_000; i++) {
            assertEquals(i % 2 == 0, sink.readings.get(i + 1).value(), "edge " + i);
        }
        assertEquals(0, d.status().failures(), "no edge dropped");
        assertEquals(10_000, d.status().requests());
    }

    @Test
    void counterRateOverAnIntervalWithPerPulse() {
        GpioDevice d = start(counter("rain_rate", 17, 0.2, Duration.ofMillis(20), Duration.ofMinutes(1), "mm/h"));
        MockDigitalInput in = mock(d, "rain_rate"); // activeLow: LOW = tip
        level(in, true);
        for (int i = 0; i < 10; i++) { // 10 tips of 30 ms, 2 s apart
            clock.advance(Duration.ofSeconds(2));
            level(in, false);
            clock.advance(MS.multipliedBy(30));
            level(in, true);
        }
        clock.advance(Duration.ofMinutes(1).minus(Duration.ofMillis(20_300)));
        d.wake();
        await().until(() -> sink.of("rain_rate").size() == 1);
        Reading r = sink.of("rain_rate").get(0);
        // 10 tips x 0.2 mm in one minute = 2 mm/min = 120 mm/h
        assertEquals(120.0, r.numberValue(), 1e-9);
        assertEquals("mm/h", r.unit());
        assertEquals(10, d.total("rain_rate"));
        clock.advance(Duration.ofMinutes(1));
        d.wake();
        await().until(() -> sink.of("rain_rate").size() == 2);
        assertEquals(0.0, sink.of("rain_rate").get(1).numberValue());
    }

    @Test
    void flowMeterInCubicMetresPerHour() {
        GpioDevice d = start(counter("flow", 6, 0.01, Duration.ZERO, Duration.ofSeconds(10), "m3/h"));
        MockDigitalInput in = mock(d, "flow");
        level(in, true);
        for (int i = 0; i < 50; i++) { // 50 pulses of 10 l in 10 s = 0.5 m3 / 10 s = 180 m3/h
            clock.advance(MS.multipliedBy(100));
            level(in, false);
            clock.advance(MS.multipliedBy(100));
            level(in, true);
        }
        d.wake();
        await().until(() -> sink.of("flow").size() == 1);
        assertEquals(180.0, sink.of("flow").get(0).numberValue(), 1e-9);
    }

    @Test
    void totalsPersistedAndRestoredAcrossANewInstance() throws Exception {
        ChannelSpec rain = counter("rain_rate", 17, 0.2, Duration.ZERO, Duration.ofSeconds(5), "mm/h");
        GpioDevice d = start(rain);
        MockDigitalInput in = mock(d, "rain_rate");
        level(in, true);
        for (int i = 0; i < 7; i++) {
            clock.advance(MS);
            level(in, false);
            clock.advance(MS);
            level(in, true);
        }
        // persisted within an interval, not only at close
        clock.advance(Duration.ofSeconds(6));
        d.wake();
        Path file = dir.resolve("pump1.counts");
        await().until(() -> Files.exists(file) && Files.readString(file).contains("rain_rate=7"));
        level(in, false); // one more, persisted at close
        d.close();
        devices.remove(d);
        assertTrue(Files.readString(file).contains("rain_rate=8"), Files.readString(file));

        GpioDevice again = start(rain);
        assertEquals(8, again.total("rain_rate"));
        MockDigitalInput in2 = mock(again, "rain_rate");
        level(in2, true);
        level(in2, false);
        again.close();
        devices.remove(again);
        assertTrue(Files.readString(file).contains("rain_rate=9"));
    }

    @Test
    void sinkFailureDoesNotStopTheDevice() {
        List<Reading> got = new CopyOnWriteArrayList<>();
        AtomicLong calls = new AtomicLong();
        ReadingSink flaky = batch -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalStateException("boom");
            }
            got.addAll(batch);
        };
        GpioDevice d = new GpioDevice("boat", "fishing-boat@1.0.0", List.of(input("sos", 27, true, Duration.ZERO)),
                GpioDeviceOptions.mock(null), flaky, clock).start();
        devices.add(d);
        await().until(() -> calls.get() == 1);
        level(mock(d, "sos"), true);
        await().until(() -> got.size() == 1);
        assertEquals(false, got.get(0).value());
        assertTrue(d.status().lastError().contains("boom"));
    }
}
