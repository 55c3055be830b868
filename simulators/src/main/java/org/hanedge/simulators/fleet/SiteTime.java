package org.hanedge.simulators.fleet;

import java.time.Instant;
import java.time.ZonedDateTime;

import org.hanedge.simulators.signals.SimClock;

/**
 * The simulated time of a virtual fleet's site models, shared by all its gateways. Live, it is a {@link SimClock}
 * started with the fleet and running {@code speed} times faster than the wall clock (the records still carry the
 * real publish time). In backfill mode the models run at the records' own times, so the history follows the daily
 * curves; the speed-up does not apply. The scenario (storm or normal weather) starts with the fleet, or at the
 * backfill start.
 */
final class SiteTime {
    private final SimClock clock;
    private final Instant start;
    private final boolean storm;

    private SiteTime(SimClock clock, Instant start, boolean storm) {
        this.clock = clock;
        this.start = start;
        this.storm = storm;
    }

    /** Simulated time from now on, {@code speed} times faster than the wall clock. */
    static SiteTime live(double speed, boolean storm) {
        SimClock clock = SimClock.realTime(speed);
        return new SiteTime(clock, clock.now().toInstant(), storm);
    }

    /** Simulated time = record time (backfill mode), the scenario starting at {@code fromMillis}. */
    static SiteTime backfill(long fromMillis, boolean storm) {
        return new SiteTime(null, Instant.ofEpochMilli(fromMillis), storm);
    }

    /** The models' local time for a pack whose records carry {@code recordTimeMillis}. */
    ZonedDateTime at(long recordTimeMillis) {
        return clock != null ? clock.now() : Instant.ofEpochMilli(recordTimeMillis).atZone(SimClock.DA_NANG);
    }

    /** Simulated seconds since the start of the scenario at {@code time}. */
    double seconds(ZonedDateTime time) {
        return Math.max(0, (time.toInstant().toEpochMilli() - start.toEpochMilli()) / 1000.0);
    }

    boolean storm() {
        return storm;
    }
}
