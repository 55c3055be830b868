package org.hanedge.fleet.alarm;

/** Whether an alarm's condition still holds. */
public enum AlarmState {
    RAISED, CLEARED
}
