package org.hanedge.gateway.gpio.internal;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;

/**
 * The Pi4J side of a GPIO device: opens the pins and listens for their edges. The listener runs on Pi4J's event
 * thread and only stamps each raw edge with the {@link GpioClock} and offers it to a bounded queue; it never blocks
 * (a full queue counts the edge as dropped and marks the pin for a resync). The device worker takes the edges out
 * in order with {@link #poll(long)} / {@link #poll()}.
 */
final class EdgeCapture {
    private static final Object WAKE = new Object();

    /** A raw edge as stamped on the event thread. */
    record Edge(GpioPin pin, boolean high, long nanos) {
    }

    private final String deviceId;
    private final GpioClock clock;
    private final GpioDeviceOptions options;
    private final BlockingQueue<Object> queue;
    private final AtomicLong edges = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    EdgeCapture(String deviceId, GpioClock clock, GpioDeviceOptions options) {
        this.deviceId = deviceId;
        this.clock = clock;
        this.options = options;
        this.queue = new ArrayBlockingQueue<>(options.queueCapacity());
    }

    /** Creates the pin's Pi4J input on {@code ctx} (Pi4J debounce off), attaches the listener; the active level. */
    boolean open(Context ctx, String providerId, GpioPin p) {
        int pin = p.source.pin();
        var config = DigitalInput.newConfigBuilder(ctx).id(deviceId + "-" + p.spec.name())
                .name(p.spec.name()).address(pin).pull(pull(p)).debounce(0L).provider(providerId);
        p.input = ctx.create(config);
        if (options.provider() == GpioProviders.Kind.SIM
                && p.input instanceof MockDigitalInput m) {
            // until the simulator reports the pin: the level its bias gives an open contact (pull-up: high)
            m.mockState(pull(p) == PullResistance.PULL_UP ? DigitalState.HIGH : DigitalState.LOW);
        }
        DigitalStateChangeListener l = event -> onEdge(p, event.state());
        p.listener = l;
        p.input.addListener(l);
        return level(p);
    }

    /** The pin's current level, as active/inactive. */
    static boolean level(GpioPin p) {
        return p.active(p.input.state() == DigitalState.HIGH);
    }

    private PullResistance pull(GpioPin p) {
        return switch (options.pull()) {
            case "up" -> PullResistance.PULL_UP;
            case "down" -> PullResistance.PULL_DOWN;
            case "off" -> PullResistance.OFF;
            default -> p.source.activeLow() ? PullResistance.PULL_UP : PullResistance.PULL_DOWN;
        };
    }

    /** Pi4J event thread: stamp and queue, never block. */
    private void onEdge(GpioPin p, DigitalState state) {
        long t = clock.nanos();
        edges.incrementAndGet();
        if (!queue.offer(new Edge(p, state == DigitalState.HIGH, t))) {
            dropped.incrementAndGet();
            p.overflowed = true;
        }
    }

    /** Detaches the listeners (best effort): no edge is queued afterwards. */
    void detach(List<GpioPin> pins) {
        for (GpioPin p : pins) {
            if (p.input != null && p.listener != null) {
                try {
                    p.input.removeListener(p.listener);
                } catch (RuntimeException e) {
                    // best effort
                }
            }
        }
    }

    /** Makes a waiting {@link #poll(long)} return now. */
    void wake() {
        queue.offer(WAKE);
    }

    /** The next queued item (an {@link Edge} or a wake-up), waiting up to {@code waitNanos}; null if none. */
    Object poll(long waitNanos) throws InterruptedException {
        return waitNanos > 0 ? queue.poll(waitNanos, TimeUnit.NANOSECONDS) : queue.poll();
    }

    /** The next queued item without waiting; null if none. */
    Object poll() {
        return queue.poll();
    }

    long edges() {
        return edges.get();
    }

    long dropped() {
        return dropped.get();
    }
}
