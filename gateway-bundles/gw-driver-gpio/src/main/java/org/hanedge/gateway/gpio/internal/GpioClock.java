package org.hanedge.gateway.gpio.internal;

import java.time.Instant;

/**
 * Time source of a {@link GpioDevice}: a monotonic nanosecond counter for debounce and rate windows, and its mapping
 * to wall time for reading timestamps. Edges are stamped with {@link #nanos()} on the provider's event thread and
 * converted to wall time later, on the device's worker; {@link #SYSTEM} converts against the wall clock at conversion
 * time, so a wall clock set late (a Pi without RTC before NTP) does not shift timestamps taken afterwards.
 * Tests use a manual clock to make debounce and rate windows deterministic.
 */
public interface GpioClock {
    long nanos();

    Instant wallTime(long nanos);

    GpioClock SYSTEM = new GpioClock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public Instant wallTime(long nanos) {
            long ago = System.nanoTime() - nanos;
            return Instant.now().minusNanos(Math.max(0, ago));
        }
    };
}
