package org.hanedge.simulators.gpio;

import java.time.Duration;

/**
 * Fishing boat: the SOS button pressed and held {@link #HOLD_S} simulated seconds at {@code sosAt} (simulated time
 * since start, optional) and whenever {@link #press()} is called (stdin command {@code sos}).
 */
public final class SosButton implements GpioScenario {
    public static final double HOLD_S = 5;

    private final Duration sosAt;
    private final HeldPresses presses;
    private volatile boolean pending;

    public SosButton(String channel, Duration sosAt, double holdS) {
        this.sosAt = sosAt;
        this.presses = new HeldPresses(channel, holdS);
        if (sosAt != null) {
            presses.schedule(sosAt.toNanos() / 1e9);
        }
    }

    /** Presses the button now (at the next step). */
    public void press() {
        pending = true;
    }

    /** Presses so far. */
    public long presses() {
        return presses.presses();
    }

    @Override
    public void advance(double fromS, double toS, GpioSimServer server) {
        if (pending) {
            pending = false;
            presses.schedule(toS);
        }
        presses.advance(fromS, toS, server);
    }

    @Override
    public String describe() {
        return "SOS button" + (sosAt != null ? " pressed at +" + sosAt.toString().substring(2).toLowerCase() : "")
                + " and on stdin 'sos'";
    }
}
