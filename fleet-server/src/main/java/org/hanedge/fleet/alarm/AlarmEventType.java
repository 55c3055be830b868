package org.hanedge.fleet.alarm;

import java.util.Locale;

/** A transition in an alarm's life: raised, then (optionally) acknowledged by an operator, then cleared. */
public enum AlarmEventType {
    RAISED, ACKNOWLEDGED, CLEARED;

    /** The webhook event name: {@code alarm.raised}, {@code alarm.acknowledged}, {@code alarm.cleared}. */
    public String eventName() {
        return "alarm." + name().toLowerCase(Locale.ROOT);
    }
}
