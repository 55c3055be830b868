package org.hanedge.gateway.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.DeviceStatus;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingSink;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The GPIO channels of one device. Pi4J's event thread only stamps each raw edge with the {@link GpioClock} and
 * queues it (never blocks: a full queue counts the edge as dropped and marks the pin for a resync); one worker
 * thread per device debounces, counts, forms readings and publishes them to the {@link ReadingSink} in edge order,
 * batching what has queued up meanwhile.
 * <ul>
 * <li>{@code input}: a BOOLEAN reading (true = active, honouring {@code activeLow}) at start and on every debounced
 * edge, dated at the start of the level that held.</li>
 * <li>{@code counter}: debounced pulses (transitions to active); every {@code poll} interval the rate
 * pulses × perPulse per hour over the measured interval; the running pulse total is persisted (at most once per
 * interval and at close) and restored at start.</li>
 * <li>{@code output}: not driven yet (logged and skipped).</li>
 * </ul>
 */
public final class GpioDevice implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GpioDevice.class);
    private static final long MAX_IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(500);
    private static final int MAX_BATCH = 512;
    private static final Object WAKE = new Object();

    private record Edge(Pin pin, boolean high, long nanos) {
    }

    private abstract static class Pin {
        final ChannelSpec spec;
        final GpioSource source;
        Debouncer debouncer;
        DigitalInput input;
        DigitalStateChangeListener listener;
        volatile boolean overflowed;
        boolean uncertain;

        Pin(ChannelSpec spec) {
            this.spec = spec;
            this.source = (GpioSource) spec.source();
        }

        boolean active(boolean high) {
            return high != source.activeLow();
        }
    }

    private static final class InputPin extends Pin {
        InputPin(ChannelSpec spec) {
            super(spec);
        }
    }

    private static final class CounterPin extends Pin {
        final long intervalNanos;
        long total;
        long windowPulses;
        long windowStart;
        long nextReport;

        CounterPin(ChannelSpec spec, Duration interval) {
            super(spec);
            this.intervalNanos = Math.max(1, interval.toNanos());
        }
    }

    private final String deviceId;
    private final String profileRef;
    private final ReadingSink sink;
    private final GpioClock clock;
    private final GpioDeviceOptions options;
    private final List<Pin> pins = new ArrayList<>();
    private final List<CounterPin> counters = new ArrayList<>();
    private final BlockingQueue<Object> queue;
    private final AtomicLong edges = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final CountStore store;
    private final Instant since;
    private Context context;
    private Thread worker;
    private volatile boolean running;
    private volatile String lastError;
    private List<Reading> initial = List.of();
    private boolean totalsDirty;
    private long persistInterval;
    private long nextPersist;

    /**
     * @param gpioChannels the profile's GPIO channels ({@code DeviceProfile.channelsOn(GpioSource.class)})
     */
    public GpioDevice(String deviceId, String profileRef, List<ChannelSpec> gpioChannels, GpioDeviceOptions options,
            ReadingSink sink, GpioClock clock) {
        this.deviceId = deviceId;
        this.profileRef = profileRef;
        this.sink = sink;
        this.clock = clock;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
        this.store = options.stateDir() != null ? new CountStore(options.stateDir(), deviceId) : null;
        this.since = clock.wallTime(clock.nanos());
        long minInterval = Long.MAX_VALUE;
        for (ChannelSpec c : gpioChannels) {
            GpioSource s = (GpioSource) c.source();
            if (s.mode() == GpioMode.INPUT) {
                pins.add(new InputPin(c));
            } else if (s.mode() == GpioMode.COUNTER) {
                if (!(s.perPulse() > 0)) {
                    throw new IllegalArgumentException("channel " + c.name() + ": counter needs perPulse > 0");
                }
                Duration poll = c.poll() != null ? c.poll() : Duration.ofSeconds(5);
                CounterPin cp = new CounterPin(c, poll);
                pins.add(cp);
                counters.add(cp);
                minInterval = Math.min(minInterval, cp.intervalNanos);
            } else {
                LOG.warn("device {}: channel {} (pin {}, output) not driven: GPIO outputs are not supported yet",
                        deviceId, c.name(), s.pin());
            }
        }
        persistInterval = Math.max(TimeUnit.SECONDS.toNanos(1), minInterval == Long.MAX_VALUE ? 0 : minInterval);
    }

    /** Opens the pins on a new Pi4J context of the configured provider and starts the worker. */
    public GpioDevice start() {
        return start(GpioProviders.newContext(options.provider()));
    }

    /** Opens the pins on {@code ctx} (this device shuts it down on close) and starts the worker. */
    GpioDevice start(Context ctx) {
        this.context = ctx;
        try {
            Map<String, Long> totals = store != null ? store.load() : Map.of();
            long now = clock.nanos();
            List<Reading> first = new ArrayList<>();
            String providerId = GpioProviders.inputProviderId(options.provider());
            for (Pin p : pins) {
                int pin = p.source.pin();
                var config = DigitalInput.newConfigBuilder(ctx).id(deviceId + "-" + p.spec.name())
                        .name(p.spec.name()).address(pin).pull(pull(p.source)).debounce(0L).provider(providerId);
                p.input = ctx.create(config);
                DigitalStateChangeListener l = event -> onEdge(p, event.state());
                p.listener = l;
                p.input.addListener(l);
                boolean level = p.active(p.input.state() == DigitalState.HIGH);
                long debounce = p.source.debounce() != null ? p.source.debounce().toNanos() : 0;
                p.debouncer = new Debouncer(debounce, level);
                if (p instanceof InputPin) {
                    first.add(new Reading(deviceId, p.spec.name(), level, p.spec.unit(), clock.wallTime(now),
                            Quality.GOOD));
                } else if (p instanceof CounterPin c) {
                    c.total = totals.getOrDefault(c.spec.name(), 0L);
                    c.windowStart = now;
                    c.nextReport = now + c.intervalNanos;
                    if (c.total > 0) {
                        LOG.info("device {}: {} continues from {} pulses", deviceId, c.spec.name(), c.total);
                    }
                }
            }
            initial = first;
            nextPersist = now + persistInterval;
        } catch (RuntimeException e) {
            shutdownContext();
            throw e;
        }
        running = true;
        worker = new Thread(this::run, "hanedge-gpio-" + deviceId);
        worker.setDaemon(true);
        worker.start();
        LOG.info("device {}: {} inputs and {} counters on Pi4J provider {}", deviceId,
                pins.size() - counters.size(), counters.size(),
                options.provider().name().toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    private PullResistance pull(GpioSource s) {
        return switch (options.pull()) {
            case "up" -> PullResistance.PULL_UP;
            case "down" -> PullResistance.PULL_DOWN;
            case "off" -> PullResistance.OFF;
            default -> s.activeLow() ? PullResistance.PULL_UP : PullResistance.PULL_DOWN;
        };
    }

    /** Pi4J event thread: stamp and queue, never block. */
    private void onEdge(Pin p, DigitalState state) {
        long t = clock.nanos();
        edges.incrementAndGet();
        if (!queue.offer(new Edge(p, state == DigitalState.HIGH, t))) {
            dropped.incrementAndGet();
            p.overflowed = true;
        }
    }

    /** Makes the worker re-check its timers now (tests with a manual clock). */
    public void wake() {
        queue.offer(WAKE);
    }

    private void run() {
        List<Reading> batch = new ArrayList<>(initial);
        initial = null;
        publish(batch);
        batch = new ArrayList<>();
        while (running) {
            try {
                long wait = Math.min(MAX_IDLE_NANOS, nextDeadline() - clock.nanos());
                Object ev = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                // read the time before draining: every edge stamped before 'now' is then already queued (the
                // event thread stamps and queues in one go), so a timer cannot accept a level whose reversal is
                // still waiting in the queue
                long now = clock.nanos();
                int n = 0;
                while (ev != null) {
                    if (ev instanceof Edge e) {
                        onRaw(e.pin(), e.pin().active(e.high()), e.nanos(), batch);
                    }
                    if (++n >= MAX_BATCH) {
                        break;
                    }
                    ev = queue.poll();
                }
                if (ev == null) { // queue drained: timers may decide now (else publish first, then go on draining)
                    resyncOverflowed(now, batch);
                    onTime(now, batch);
                }
                if (!batch.isEmpty()) {
                    publish(batch);
                    batch = new ArrayList<>();
                }
                if (totalsDirty && now - nextPersist >= 0) {
                    persist();
                    nextPersist = now + persistInterval;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                lastError = e.toString();
                LOG.error("device {}: GPIO worker: {}", deviceId, e.toString(), e);
            }
        }
    }

    private void onRaw(Pin p, boolean activeLevel, long t, List<Reading> batch) {
        long edge = p.debouncer.onRaw(activeLevel, t);
        if (edge != Debouncer.NONE) {
            accepted(p, p.debouncer.acceptedLevel(), edge, batch);
        }
    }

    private void accepted(Pin p, boolean level, long edgeNanos, List<Reading> batch) {
        if (p instanceof CounterPin c) {
            if (level) {
                c.total++;
                c.windowPulses++;
                totalsDirty = true;
            }
            return;
        }
        Quality q = p.uncertain ? Quality.UNCERTAIN : Quality.GOOD;
        p.uncertain = false;
        batch.add(new Reading(deviceId, p.spec.name(), level, p.spec.unit(), clock.wallTime(edgeNanos), q));
    }

    /** Edges were lost to a full queue: take the pin's current level as a raw sample and flag the next reading. */
    private void resyncOverflowed(long now, List<Reading> batch) {
        for (Pin p : pins) {
            if (p.overflowed) {
                p.overflowed = false;
                p.uncertain = true;
                LOG.warn("device {}: {} lost edges (event queue full, {} dropped so far); resynchronised",
                        deviceId, p.spec.name(), dropped.get());
                onRaw(p, p.active(p.input.state() == DigitalState.HIGH), now, batch);
            }
        }
    }

    private void onTime(long now, List<Reading> batch) {
        for (Pin p : pins) {
            long edge = p.debouncer.onTime(now);
            if (edge != Debouncer.NONE) {
                accepted(p, p.debouncer.acceptedLevel(), edge, batch);
            }
        }
        for (CounterPin c : counters) {
            if (now - c.nextReport >= 0) {
                long elapsed = now - c.windowStart;
                double rate = c.windowPulses * c.source.perPulse() * (3600e9 / elapsed);
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

    private long nextDeadline() {
        long d = Long.MAX_VALUE;
        for (Pin p : pins) {
            d = Math.min(d, p.debouncer.deadline());
        }
        for (CounterPin c : counters) {
            d = Math.min(d, c.nextReport);
        }
        if (totalsDirty) {
            d = Math.min(d, nextPersist);
        }
        return d;
    }

    private void publish(List<Reading> batch) {
        if (batch.isEmpty()) {
            return;
        }
        try {
            sink.publish(batch);
        } catch (RuntimeException e) {
            lastError = "reading sink: " + e;
            LOG.error("device {}: publishing {} readings failed: {}", deviceId, batch.size(), e.toString());
        }
    }

    private void persist() {
        if (store == null || counters.isEmpty()) {
            totalsDirty = false;
            return;
        }
        Map<String, Long> totals = new LinkedHashMap<>();
        for (CounterPin c : counters) {
            totals.put(c.spec.name(), c.total);
        }
        try {
            store.save(totals);
            totalsDirty = false;
        } catch (RuntimeException e) {
            lastError = e.getMessage();
            LOG.error("device {}: {}", deviceId, e.getMessage());
        }
    }

    /** The pulse total of a counter channel (worker-confined; exact once the worker has stopped). */
    long total(String channel) {
        for (CounterPin c : counters) {
            if (c.spec.name().equals(channel)) {
                return c.total;
            }
        }
        throw new IllegalArgumentException("no counter " + channel);
    }

    /** The Pi4J input of a channel, for tests (a MockDigitalInput on the mock provider). */
    public DigitalInput input(String channel) {
        for (Pin p : pins) {
            if (p.spec.name().equals(channel)) {
                return p.input;
            }
        }
        throw new IllegalArgumentException("no GPIO channel " + channel);
    }

    public DeviceStatus status() {
        String err = lastError;
        return new DeviceStatus(deviceId, profileRef, running ? DeviceState.ONLINE : DeviceState.FAILED, since,
                edges.get(), dropped.get(), err);
    }

    /** Stops the worker, handles what is queued, persists the totals and releases the pins. */
    @Override
    public void close() {
        for (Pin p : pins) {
            if (p.input != null && p.listener != null) {
                try {
                    p.input.removeListener(p.listener);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
        }
        running = false;
        Thread w = worker;
        if (w != null) {
            queue.offer(WAKE);
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
                while ((ev = queue.poll()) != null) {
                    if (ev instanceof Edge e) {
                        onRaw(e.pin(), e.pin().active(e.high()), e.nanos(), batch);
                    }
                }
                publish(batch);
                if (totalsDirty) {
                    persist();
                }
            }
            worker = null;
        }
        shutdownContext();
    }

    private void shutdownContext() {
        if (context != null) {
            try {
                context.shutdown();
            } catch (RuntimeException e) {
                LOG.debug("device {}: Pi4J shutdown: {}", deviceId, e.toString());
            }
            context = null;
        }
    }

    String deviceId() {
        return deviceId;
    }
}
