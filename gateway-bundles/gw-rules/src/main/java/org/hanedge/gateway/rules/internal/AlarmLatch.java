package org.hanedge.gateway.rules.internal;

import java.time.Duration;
import java.time.Instant;

/**
 * The state of one alarm: inactive or active, with a delay on each transition. An inactive alarm becomes active
 * when its raise condition has held continuously for {@code delayOn}; an active one clears when its clear condition
 * has held continuously for {@code delayOff}. Between the two conditions (inside the hysteresis band) a pending
 * transition is abandoned, so a signal that chatters around a limit neither raises nor clears repeatedly.
 */
final class AlarmLatch {
    /** A completed transition: {@code since} is when its condition began, {@code at} when its delay completed. */
    record Change(boolean raised, Instant since, Instant at) {
    }

    private boolean active;
    private Instant pendingSince;

    AlarmLatch(boolean active) {
        this.active = active;
    }

    boolean active() {
        return active;
    }

    /** One observation at {@code t}; returns the transition it completes, or null. */
    Change observe(boolean raiseCondition, boolean clearCondition, Instant t, Duration delayOn, Duration delayOff) {
        boolean toward = active ? clearCondition : raiseCondition;
        if (!toward) {
            pendingSince = null;
            return null;
        }
        if (pendingSince == null) {
            pendingSince = t;
        }
        return complete(t, active ? delayOff : delayOn);
    }

    /** A pending transition whose delay has run out by {@code now} (the condition was last seen to hold). */
    Change tick(Instant now, Duration delayOn, Duration delayOff) {
        return pendingSince == null ? null : complete(now, active ? delayOff : delayOn);
    }

    /** The condition is no longer known to hold (a bad sample): a pending transition starts over. */
    void interrupt() {
        pendingSince = null;
    }

    private Change complete(Instant t, Duration delay) {
        if (Duration.between(pendingSince, t).compareTo(delay) < 0) {
            return null;
        }
        Change c = new Change(!active, pendingSince, t);
        active = !active;
        pendingSince = null;
        return c;
    }
}
