package org.hanedge.simulators.gpio;

import java.util.PriorityQueue;

/**
 * Presses of one input channel at given simulated times, each held active for {@code holdS} simulated seconds. A
 * press that starts and ends within one {@link #advance} interval (sped-up clock) is still sent as an active and an
 * inactive edge; a press arriving while the previous one is held first releases it, so every press is one edge.
 */
final class HeldPresses {
    private final String channel;
    private final double holdS;
    private final PriorityQueue<Double> events = new PriorityQueue<>();
    private boolean active;
    private double until;
    private long presses;

    HeldPresses(String channel, double holdS) {
        this.channel = channel;
        this.holdS = holdS;
    }

    synchronized void schedule(double t) {
        events.add(t);
    }

    synchronized long presses() {
        return presses;
    }

    synchronized void advance(double from, double to, GpioSimServer server) {
        while (!events.isEmpty() && events.peek() <= to) {
            double e = events.poll();
            if (e < 0) {
                continue; // before the scenario started (route started later)
            }
            presses++;
            if (active) {
                server.set(channel, false);
            }
            if (to < e + holdS) {
                server.set(channel, true);
                active = true;
                until = e + holdS;
            } else {
                server.pulse(channel);
                active = false;
            }
        }
        if (active && to >= until) {
            server.set(channel, false);
            active = false;
        }
    }
}
