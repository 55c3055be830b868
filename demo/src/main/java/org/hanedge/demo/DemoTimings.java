package org.hanedge.demo;

import java.time.Duration;

/** The demo's fixed timings. */
public final class DemoTimings {
    /** Simulated minutes between "ready" and a scenario's event. */
    public static final double LEAD_MINUTES = 1;
    /** Grace for every child but the fleet server on stop. */
    public static final Duration CHILD_GRACE = Duration.ofSeconds(15);
    /** Grace for the fleet server on stop: it flushes its stores and closes its database. */
    public static final Duration SERVER_GRACE = Duration.ofSeconds(45);
    /** Progress line while the uplink is cut, and while backlogs drain. */
    public static final long CUT_NOTE_MILLIS = 15_000;
    public static final long DRAIN_NOTE_MILLIS = 5_000;

    private DemoTimings() {
    }
}
