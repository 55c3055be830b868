package org.hanedge.fleet.health;

import java.util.List;
import java.util.function.Predicate;

import org.hanedge.fleet.alarm.OpenAlarm;

/**
 * A rule's verdict in one run.
 *
 * @param holding   conditions holding now: their alarms are raised unless open
 * @param judged    which open server alarms the rule has judged in this run: those not holding are cleared (a rule
 *                  that could not look, e.g. no new stats, leaves its alarms as they are)
 * @param afterward run once the alarms are recorded (bookkeeping that must not get ahead of them)
 */
record Evaluation(List<Condition> holding, Predicate<OpenAlarm> judged, Runnable afterward) {
    Evaluation(List<Condition> holding, Predicate<OpenAlarm> judged) {
        this(holding, judged, () -> { });
    }
}
