package org.hanedge.fleet.telemetry.store;

/** Identity of a series: one channel of one device of one gateway. */
public record SeriesKey(String gatewayId, String deviceId, String channel) {
}
