package org.hanedge.gateway.gpio.internal;

import java.time.Duration;

import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioSource;

/**
 * One GPIO channel of a device: its profile spec, the Pi4J input and listener, and the worker's debounce state.
 * {@link #overflowed} is set by Pi4J's event thread; everything else after start belongs to the device worker.
 */
abstract class GpioPin {
    final ChannelSpec spec;
    final GpioSource source;
    Debouncer debouncer;
    DigitalInput input;
    DigitalStateChangeListener listener;
    volatile boolean overflowed;
    boolean uncertain;

    GpioPin(ChannelSpec spec) {
        this.spec = spec;
        this.source = (GpioSource) spec.source();
    }

    boolean active(boolean high) {
        return high != source.activeLow();
    }

    /** A {@code mode: input} channel: one BOOLEAN reading per debounced edge. */
    static final class Input extends GpioPin {
        Input(ChannelSpec spec) {
            super(spec);
        }
    }

    /**
     * A {@code mode: output} channel (relay): its Pi4J output and the state it was last driven to ({@code true} =
     * on, whatever the polarity). Guarded by the {@link GpioDevice}'s output lock, not by the worker.
     */
    static final class Output extends GpioPin {
        DigitalOutput output;
        volatile boolean on;

        Output(ChannelSpec spec) {
            super(spec);
        }

        /** The pin level that means {@code on} for this output's polarity. */
        DigitalState level(boolean on) {
            return on != source.activeLow() ? DigitalState.HIGH : DigitalState.LOW;
        }
    }

    /** A {@code mode: counter} channel: pulse total and the current rate window. */
    static final class Counter extends GpioPin {
        final long intervalNanos;
        long total;
        long windowPulses;
        long windowStart;
        long nextReport;

        Counter(ChannelSpec spec, Duration interval) {
            super(spec);
            this.intervalNanos = Math.max(1, interval.toNanos());
        }
    }
}
