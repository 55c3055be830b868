package org.hanedge.fleet.telemetry.query;

/** One stored series: its id and what it is. */
record SeriesKey(long id, String gatewayId, String deviceId, String channel, String unit, String valueKind) {
}
