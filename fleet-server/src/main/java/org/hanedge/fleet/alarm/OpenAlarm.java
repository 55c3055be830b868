package org.hanedge.fleet.alarm;

/** An open alarm's identity: at most one alarm per (gateway, key) is open at a time. */
public record OpenAlarm(String gatewayId, String key) {
}
