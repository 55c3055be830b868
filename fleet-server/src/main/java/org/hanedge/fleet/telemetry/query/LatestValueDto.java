package org.hanedge.fleet.telemetry.query;

import java.time.Instant;

/**
 * The latest value of one series.
 *
 * @param device    device id within the gateway
 * @param channel   channel name (profile)
 * @param unit      unit, absent for boolean and text channels
 * @param valueKind {@code NUMBER}, {@code BOOLEAN} or {@code TEXT}
 * @param time      time of the latest reading
 * @param value     number, boolean or string by {@code valueKind}; absent for a value-less reading
 * @param quality   {@code GOOD} or the gateway's quality name ({@code UNCERTAIN}, {@code BAD_COMM} ...)
 */
public record LatestValueDto(String device, String channel, String unit, String valueKind, Instant time, Object value,
        String quality) {
}
