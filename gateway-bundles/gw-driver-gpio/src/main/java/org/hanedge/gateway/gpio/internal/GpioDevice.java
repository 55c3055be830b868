package org.hanedge.gateway.gpio.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
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
 * queues it ({@link EdgeCapture}: never blocks; a full queue counts the edge as dropped and marks the pin for a
 * resync); one worker thread per device ({@link GpioWorker}) debounces, counts, forms readings and publishes them to
 * the {@link ReadingSink} in edge order, batching what has queued up meanwhile.
 * <ul>
 * <li>{@code input}: a BOOLEAN reading (true = active, honouring {@code activeLow}) at start and on every debounced
 * edge, dated at the start of the level that held.</li>
 * <li>{@code counter}: debounced pulses (transitions to active); every {@code poll} interval the rate
 * pulses × perPulse per hour over the measured interval; the running pulse total is persisted (at most once per
 * interval and at close) and restored at start ({@link PulseCounters}).</li>
 * <li>{@code output}: a Pi4J digital output, off at start (and driven off again when the context shuts down),
 * honouring {@code activeLow}; {@link #drive} switches it and publishes a BOOLEAN reading of the new state when it
 * changed. Interlocks are checked by the caller ({@link OutputWriter}), not here.</li>
 * </ul>
 * With provider {@code sim} the pins are Pi4J mock pins wired to a GPIO simulator by a {@link SimLink}: its
 * {@code in} lines set the mock inputs (and so run through capture, debounce and counters unchanged), and every
 * output level driven (at start, on a write, at stop) is sent to it.
 */
public final class GpioDevice implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GpioDevice.class);

    private final String deviceId;
    private final String profileRef;
    private final GpioClock clock;
    private final GpioDeviceOptions options;
    private final List<GpioPin> pins = new ArrayList<>();
    private final List<GpioPin.Output> outputs = new ArrayList<>();
    private final Object outputLock = new Object();
    private final ReadingSink sink;
    private final AtomicReference<String> lastError = new AtomicReference<>();
    private final EdgeCapture capture;
    private final PulseCounters counters;
    private final GpioWorker worker;
    private final Instant since;
    private volatile Context context;
    private volatile SimLink simLink;

    /**
     * @param gpioChannels the profile's GPIO channels ({@code DeviceProfile.channelsOn(GpioSource.class)})
     */
    public GpioDevice(String deviceId, String profileRef, List<ChannelSpec> gpioChannels, GpioDeviceOptions options,
            ReadingSink sink, GpioClock clock) {
        this.deviceId = deviceId;
        this.profileRef = profileRef;
        this.clock = clock;
        this.options = options;
        this.sink = sink;
        this.capture = new EdgeCapture(deviceId, clock, options);
        CountStore store = options.stateDir() != null ? new CountStore(options.stateDir(), deviceId) : null;
        this.counters = new PulseCounters(deviceId, clock, options.simSpeed(), store, lastError);
        this.since = clock.wallTime(clock.nanos());
        for (ChannelSpec c : gpioChannels) {
            GpioSource s = (GpioSource) c.source();
            if (s.mode() == GpioMode.INPUT) {
                pins.add(new GpioPin.Input(c));
            } else if (s.mode() == GpioMode.COUNTER) {
                if (!(s.perPulse() > 0)) {
                    throw new IllegalArgumentException("channel " + c.name() + ": counter needs perPulse > 0");
                }
                Duration poll = c.poll() != null ? c.poll() : Duration.ofSeconds(5);
                GpioPin.Counter cp = new GpioPin.Counter(c, poll);
                pins.add(cp);
                counters.add(cp);
            } else {
                outputs.add(new GpioPin.Output(c));
            }
        }
        this.worker = new GpioWorker(deviceId, clock, sink, pins, counters, capture, lastError);
    }

    /** Opens the pins on a new Pi4J context of the configured provider and starts the worker. */
    public GpioDevice start() {
        return start(GpioProviders.newContext(options.provider()));
    }

    /** Opens the pins on {@code ctx} (this device shuts it down on close) and starts the worker. */
    GpioDevice start(Context ctx) {
        this.context = ctx;
        List<Reading> first = new ArrayList<>();
        List<Reading> outputsOff = new ArrayList<>();
        try {
            counters.load();
            long now = clock.nanos();
            String outputProviderId = GpioProviders.outputProviderId(options.provider());
            for (GpioPin.Output o : outputs) {
                openOutput(ctx, outputProviderId, o);
                outputsOff.add(new Reading(deviceId, o.spec.name(), false, null, clock.wallTime(now),
                        Quality.GOOD));
            }
            String providerId = GpioProviders.inputProviderId(options.provider());
            for (GpioPin p : pins) {
                boolean level = capture.open(ctx, providerId, p);
                long debounce = p.source.debounce() != null ? p.source.debounce().toNanos() : 0;
                p.debouncer = new Debouncer(debounce, level);
                if (p instanceof GpioPin.Input) {
                    first.add(new Reading(deviceId, p.spec.name(), level, p.spec.unit(), clock.wallTime(now),
                            Quality.GOOD));
                } else if (p instanceof GpioPin.Counter c) {
                    counters.begin(c, now);
                }
            }
            counters.started(now);
        } catch (RuntimeException e) {
            shutdownContext();
            throw e;
        }
        if (!outputsOff.isEmpty()) {
            // on this thread, before any write can reach drive(): a later state never arrives before this one
            try {
                sink.publish(outputsOff);
            } catch (RuntimeException e) {
                LOG.warn("device {}: initial output states not published: {}", deviceId, e.toString());
            }
        }
        if (options.provider() == GpioProviders.Kind.SIM) {
            startSimLink();
        }
        worker.start(first);
        LOG.info("device {}: {} inputs, {} counters and {} outputs on Pi4J provider {}", deviceId,
                pins.size() - counters.size(), counters.size(), outputs.size(),
                options.provider().name().toLowerCase(java.util.Locale.ROOT));
        return this;
    }

    /** Provider {@code sim}: wires the mock inputs and outputs to the GPIO simulator. */
    private void startSimLink() {
        Map<Integer, MockDigitalInput> mocks = new HashMap<>();
        for (GpioPin p : pins) {
            if (!(p.input instanceof MockDigitalInput m)) {
                shutdownContext();
                throw new IllegalStateException("provider sim needs Pi4J's mock inputs");
            }
            mocks.put(p.source.pin(), m);
        }
        SimLink link = new SimLink(deviceId, options.simAddress(), mocks);
        synchronized (outputLock) {
            for (GpioPin.Output o : outputs) {
                link.output(o.source.pin(), o.level(o.on) == DigitalState.HIGH);
            }
            simLink = link.start();
        }
    }

    /** The simulator link (provider {@code sim}), for tests; null otherwise or once stopped. */
    SimLink simLink() {
        return simLink;
    }

    /** Creates the output (off, and off again at shutdown), honouring the polarity. */
    private void openOutput(Context ctx, String providerId, GpioPin.Output o) {
        DigitalState off = o.level(false);
        var config = DigitalOutput.newConfigBuilder(ctx).id(deviceId + "-" + o.spec.name()).name(o.spec.name())
                .address(o.source.pin()).initial(off).shutdown(off).provider(providerId);
        o.output = ctx.create(config);
        o.on = false;
    }

    /** Whether {@code channel} is one of this device's outputs. */
    boolean hasOutput(String channel) {
        return findOutput(channel) != null;
    }

    /** Whether the output was last driven on. */
    boolean isOn(String channel) {
        GpioPin.Output o = findOutput(channel);
        if (o == null) {
            throw new IllegalArgumentException("no GPIO output " + channel);
        }
        return o.on;
    }

    /**
     * Drives an output on or off (writes the pin even when it already is in that state) and publishes a BOOLEAN
     * reading of the new state if it changed. Writes to outputs of this device are serialised.
     *
     * @return whether the state changed
     * @throws IllegalArgumentException if {@code channel} is not an output of this device
     * @throws IllegalStateException    if the device is not started
     * @throws RuntimeException         whatever Pi4J throws when the pin cannot be driven
     */
    boolean drive(String channel, boolean on) {
        GpioPin.Output o = findOutput(channel);
        if (o == null) {
            throw new IllegalArgumentException("no GPIO output " + channel);
        }
        synchronized (outputLock) {
            if (o.output == null || context == null) {
                throw new IllegalStateException("device " + deviceId + " is not running");
            }
            o.output.state(o.level(on));
            SimLink link = simLink;
            if (link != null) {
                link.output(o.source.pin(), o.level(on) == DigitalState.HIGH);
            }
            if (o.on == on) {
                return false;
            }
            o.on = on;
            Reading reading = new Reading(deviceId, o.spec.name(), on, null, clock.wallTime(clock.nanos()),
                    Quality.GOOD);
            try {
                sink.publish(reading);
            } catch (RuntimeException e) {
                LOG.warn("device {}: reading of output {} not published: {}", deviceId, channel, e.toString());
            }
        }
        return true;
    }

    /** The Pi4J output of a channel, for tests (a MockDigitalOutput on the mock provider). */
    DigitalOutput output(String channel) {
        GpioPin.Output o = findOutput(channel);
        if (o == null) {
            throw new IllegalArgumentException("no GPIO output " + channel);
        }
        return o.output;
    }

    private GpioPin.Output findOutput(String channel) {
        for (GpioPin.Output o : outputs) {
            if (o.spec.name().equals(channel)) {
                return o;
            }
        }
        return null;
    }

    /** Makes the worker re-check its timers now (tests with a manual clock). */
    public void wake() {
        capture.wake();
    }

    /** The pulse total of a counter channel (worker-confined; exact once the worker has stopped). */
    long total(String channel) {
        return counters.total(channel);
    }

    /** The Pi4J input of a channel, for tests (a MockDigitalInput on the mock provider). */
    public DigitalInput input(String channel) {
        for (GpioPin p : pins) {
            if (p.spec.name().equals(channel)) {
                return p.input;
            }
        }
        throw new IllegalArgumentException("no GPIO channel " + channel);
    }

    public DeviceStatus status() {
        String err = lastError.get();
        return new DeviceStatus(deviceId, profileRef, worker.running() ? DeviceState.ONLINE : DeviceState.FAILED,
                since, capture.edges(), capture.dropped(), err);
    }

    /** Stops the worker, handles what is queued, persists the totals and releases the pins. */
    @Override
    public void close() {
        capture.detach(pins);
        worker.stop();
        shutdownContext();
    }

    private void shutdownContext() {
        synchronized (outputLock) {
            shutdownContextLocked();
        }
    }

    private void shutdownContextLocked() {
        outputs.forEach(o -> o.on = false); // Pi4J drives every output to its shutdown state: off
        SimLink link = simLink;
        if (link != null) {
            outputs.forEach(o -> link.output(o.source.pin(), o.level(false) == DigitalState.HIGH));
            link.close();
            simLink = null;
        }
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
