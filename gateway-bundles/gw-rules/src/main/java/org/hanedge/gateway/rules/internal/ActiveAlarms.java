package org.hanedge.gateway.rules.internal;

import java.util.Map;

/** The alarms active now, for the shell. */
public interface ActiveAlarms {
    /** Id → the raise (null for an alarm restored from the previous run and not re-evaluated yet), sorted by id. */
    Map<String, AlarmTransition> activeAlarms();
}
