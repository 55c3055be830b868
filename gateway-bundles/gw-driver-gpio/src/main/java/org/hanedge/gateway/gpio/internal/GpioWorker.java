package org.hanedge.gateway.gpio.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker thread of a GPIO device: takes the raw edges from the {@link EdgeCapture} in order, debounces them,
 * hands counter pulses to the {@link PulseCounters}, forms input readings and publishes to the {@link ReadingSink}
 * in batches of whatever queued up meanwhile. A failing sink or a failing step is logged and does not stop it.
 */
final class GpioWorker {
    private static final Logger LOG = LoggerFactory.getLogger(GpioDevice.class);
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int MAX_BATCH = 512;

    private final String deviceId;
    private final GpioClock clock;
    private final ReadingSink sink;
    private final List<GpioPin> pins;
    private final PulseCounters counters;
    private final EdgeCapture capture;
    private final AtomicReference<String> lastError;
    private Thread thread;
    private volatile boolean running;
    private List<Reading> initial = List.of();

    GpioWorker(String deviceId, GpioClock clock, ReadingSink sink, List<GpioPin> pins, PulseCounters counters,
            EdgeCapture capture, AtomicReference<String> lastError) {
        this.deviceId = deviceId;
        this.clock = clock;
        this.sink = sink;
        this.pins = pins;
        this.counters = counters;
        this.capture = capture;
        this.lastError = lastError;
    }

    /** Starts the thread; it first publishes {@code first} (the inputs' states at start). */
    void start(List<Reading> first) {
        initial = first;
        running = true;
        thread = new Thread(this::run, "hanedge-gpio-" + deviceId);
        thread.setDaemon(true);
        thread.start();
    }

    boolean running() {
        return running;
    }

    private void run() {
        List<Reading> batch = new ArrayList<>(initial);
        initial = null;
        publish(batch);
        batch = new ArrayList<>();
        while (running) {
            try {
                long wait = Math.min(MAX_IDLE_NANOS, nextDeadline() - clock.nanos());
                Object ev = capture.poll(wait);
                // read the time before draining: every edge stamped before 'now' is then already queued (the
                // event thread stamps and queues in one go), so a timer cannot accept a level whose reversal is
                // still waiting in the queue
                long now = clock.nanos();
                int n = 0;
                while (ev != null) {
                    if (ev instanceof EdgeCapture.Edge e) {
                        onRaw(e.pin(), e.pin().active(e.high()), e.nanos(), batch);
                    }
                    if (++n >= MAX_BATCH) {
                        break;
                    }
                    ev = capture.poll();
                }
                if (ev == null) { // queue drained: timers may decide now (else publish first, then go on draining)
                    resyncOverflowed(now, batch);
                    onTime(now, batch);
                }
                if (!batch.isEmpty()) {
                    publish(batch);
                    batch = new ArrayList<>();
                }
                counters.persistIfDue(now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                lastError.set(e.toString());
                LOG.error("device {}: GPIO worker: {}", deviceId, e.toString(), e);
            }
        }
    }

    private void onRaw(GpioPin p, boolean activeLevel, long t, List<Reading> batch) {
        long edge = p.debouncer.onRaw(activeLevel, t);
        if (edge != Debouncer.NONE) {
            accepted(p, p.debouncer.acceptedLevel(), edge, batch);
        }
    }

    private void accepted(GpioPin p, boolean level, long edgeNanos, List<Reading> batch) {
        if (p instanceof GpioPin.Counter c) {
            counters.accepted(c, level);
            return;
        }
        Quality q = p.uncertain ? Quality.UNCERTAIN : Quality.GOOD;
        p.uncertain = false;
        batch.add(new Reading(deviceId, p.spec.name(), level, p.spec.unit(), clock.wallTime(edgeNanos), q));
    }

    /** Edges were lost to a full queue: take the pin's current level as a raw sample and flag the next reading. */
    private void resyncOverflowed(long now, List<Reading> batch) {
        for (GpioPin p : pins) {
            if (p.overflowed) {
                p.overflowed = false;
                p.uncertain = true;
                LOG.warn("device {}: {} lost edges (event queue full, {} dropped so far); resynchronised",
                        deviceId, p.spec.name(), capture.dropped());
                onRaw(p, EdgeCapture.level(p), now, batch);
            }
        }
    }

    private void onTime(long now, List<Reading> batch) {
        for (GpioPin p : pins) {
            long edge = p.debouncer.onTime(now);
            if (edge != Debouncer.NONE) {
                accepted(p, p.debouncer.acceptedLevel(), edge, batch);
            }
        }
        counters.report(now, batch);
    }

    private long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (GpioPin p : pins) {
            d = Math.min(d, p.debouncer.deadline());
        }
        return counters.nextDeadline(d);
    }

    private void publish(List<Reading> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.publish(batch);
        } catch (RuntimeException e) {
            lastError.set("reading sink: " + e);
            LOG.error("device {}: publishing {} readings failed: {}", deviceId, batch.size(), e.toString());
        }
    }

    /**
     * Stops the thread (up to 5 s); once it has ended, handles what is still queued and persists changed totals
     * on the calling thread (the worker's state is the caller's then).
     */
    void stop() {
        running = false;
        Thread w = thread;
        if (w == null) {
            return;
        }
        capture.wake();
        try {
            w.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (w.isAlive()) {
            w.interrupt();
            LOG.warn("device {}: GPIO worker did not stop within 5 s", deviceId);
        } else {
            // the worker has ended: its state is ours now; count what was still queued
            List<Reading> batch = new ArrayList<>();
            Object ev;
            while ((ev = capture.poll()) != null) {
                if (ev instanceof EdgeCapture.Edge e) {
                    onRaw(e.pin(), e.pin().active(e.high()), e.nanos(), batch);
                }
            }
            publish(batch);
            counters.persistIfDirty();
        }
        thread = null;
    }
}
