package org.hanedge.gateway.gpio.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rate and total bookkeeping of a device's counter pins: counts debounced pulses, forms the rate reading of each
 * counter every {@code poll} interval (pulses × perPulse per hour over the measured interval, an hour of the simulated
 * world when a GPIO simulator runs {@code speed} times faster than real time), restores the running
 * totals at start and persists them in the {@link CountStore} at most once per (shortest) counter interval when they
 * changed, and at close. Worker-confined after start.
 */
final class PulseCounters {
    private static final Logger LOG = LoggerFactory.getLogger(GpioDevice.class);

    private final String deviceId;
    private final GpioClock clock;
    private final double speed;
    private final CountStore store;
    private final AtomicReference<String> lastError;
    private final List<GpioPin.Counter> counters = new ArrayList<>();
    private long persistInterval = TimeUnit.SECONDS.toNanos(1);
    private long nextPersist;
    private boolean totalsDirty;
    private Map<String, Long> restored = Map.of();

    /**
     * @param speed how many times faster than real time the pulses' world runs (1 on hardware; a GPIO simulator's
     *              speed-up): a measured interval of t seconds is t × speed seconds of that world
     * @param store where totals persist; {@code null} keeps them in memory only
     */
    PulseCounters(String deviceId, GpioClock clock, double speed, CountStore store,
            AtomicReference<String> lastError) {
        this.deviceId = deviceId;
        this.clock = clock;
        this.speed = speed;
        this.store = store;
        this.lastError = lastError;
    }

    void add(GpioPin.Counter c) {
        counters.add(c);
        long min = Long.MAX_VALUE;
        for (GpioPin.Counter k : counters) {
            min = Math.min(min, k.intervalNanos);
        }
        persistInterval = Math.max(TimeUnit.SECONDS.toNanos(1), min);
    }

    int size() {
        return counters.size();
    }

    /** Loads the persisted totals (before the pins are opened). */
    void load() {
        restored = store != null ? store.load() : Map.of();
    }

    /** Starts the persistence timer once the counters have begun. */
    void started(long now) {
        restored = Map.of();
        nextPersist = now + persistInterval;
    }

    /** Continues the counter from its persisted total and opens its first rate window at {@code now}. */
    void begin(GpioPin.Counter c, long now) {
        c.total = restored.getOrDefault(c.spec.name(), 0L);
        c.windowStart = now;
        c.nextReport = now + c.intervalNanos;
        if (c.total > 0) {
            LOG.info("device {}: {} continues from {} pulses", deviceId, c.spec.name(), c.total);
        }
    }

    /** A debounced transition of {@code c}; a transition to active is a pulse. */
    void accepted(GpioPin.Counter c, boolean level) {
        if (level) {
            c.total++;
            c.windowPulses++;
            totalsDirty = true;
        }
    }

    /** Adds the rate reading of every counter whose interval has ended at {@code now}. */
    void report(long now, List<Reading> batch) {
        for (GpioPin.Counter c : counters) {
            if (now - c.nextReport >= 0) {
                long elapsed = now - c.windowStart;
                double rate = c.windowPulses * c.source.perPulse() * (3600e9 / (elapsed * speed));
                Quality q = c.uncertain ? Quality.UNCERTAIN : Quality.GOOD;
                c.uncertain = false;
                batch.add(new Reading(deviceId, c.spec.name(), rate, c.spec.unit(), clock.wallTime(now), q));
                c.windowPulses = 0;
                c.windowStart = now;
                c.nextReport += c.intervalNanos;
                if (now - c.nextReport >= 0) { // fell behind by more than an interval: realign
                    c.nextReport = now + c.intervalNanos;
                }
            }
        }
    }

    /** The earliest of {@code d}, the next rate report and (if the totals changed) the next persistence. */
    long nextDeadline(long d) {
        for (GpioPin.Counter c : counters) {
            d = Math.min(d, c.nextReport);
        }
        if (totalsDirty) {
            d = Math.min(d, nextPersist);
        }
        return d;
    }

    /** Persists the totals if they changed and the persistence interval has passed. */
    void persistIfDue(long now) {
        if (totalsDirty && now - nextPersist >= 0) {
            persist();
            nextPersist = now + persistInterval;
        }
    }

    /** Persists the totals if they changed (at close). */
    void persistIfDirty() {
        if (totalsDirty) {
            persist();
        }
    }

    private void persist() {
        if (store == null || counters.isEmpty()) {
            totalsDirty = false;
            return;
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (GpioPin.Counter c : counters) {
            totals.put(c.spec.name(), c.total);
        }
        try {
            store.save(totals);
            totalsDirty = false;
        } catch (RuntimeException e) {
            lastError.set(e.getMessage());
            LOG.error("device {}: {}", deviceId, e.getMessage());
        }
    }

    /** The pulse total of a counter channel. */
    long total(String channel) {
        for (GpioPin.Counter c : counters) {
            if (c.spec.name().equals(channel)) {
                return c.total;
            }
        }
        throw new IllegalArgumentException("no counter " + channel);
    }
}
