package org.hanedge.fleet.telemetry.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A channel's series over a range.
 *
 * @param step       width of a point (ISO-8601 duration); for raw data the step that was asked for
 * @param resolution what was read: {@code raw}, {@code 1m}, {@code 1h} or {@code 1d}
 * @param points     oldest first
 */
public record SeriesDto(String gateway, String device, String channel, String unit, Instant from, Instant to,
        Duration step, Resolution resolution, List<SeriesPointDto> points) {
    public SeriesDto {
        points = List.copyOf(points);
    }
}
