package org.hanedge.fleet.notify;

import java.time.Instant;

import org.hanedge.fleet.alarm.AlarmSource;
import org.hanedge.fleet.alarm.AlarmState;

/**
 * The JSON document a webhook receives (absent fields are left out).
 *
 * @param event      {@code alarm.raised}, {@code alarm.acknowledged} or {@code alarm.cleared} (= X-HanEdge-Event)
 * @param delivery   unique id of this notification (= X-HanEdge-Delivery; the same on every retry)
 * @param time       when the transition happened
 * @param actor      the operator who acknowledged; {@code GATEWAY} or {@code SERVER} for raises and clears
 * @param alarmId    the alarm's id in the fleet server's API ({@code /api/v1/alarms/{alarmId}})
 * @param key        stable id of the condition within the gateway
 * @param domain     the site kind: intersection, lake, pump-station, waste-truck, fishing-boat
 * @param site       the site's name
 * @param value      the value that raised the alarm
 * @param limit      the limit it crossed
 */
public record AlarmNotification(String event, String delivery, Instant time, String actor, long alarmId, String key,
        String gateway, String site, String siteLocal, String district, String domain, String device, String channel,
        String severity, AlarmSource source, AlarmState state, boolean acknowledged, String acknowledgedBy,
        String comment, Double value, Double limit, Instant raisedAt, Instant acknowledgedAt, Instant clearedAt,
        String message) {
}
