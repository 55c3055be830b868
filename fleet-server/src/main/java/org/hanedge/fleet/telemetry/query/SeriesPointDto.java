package org.hanedge.fleet.telemetry.query;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One point of a series: a raw reading ({@code t, value, quality}) or a step bucket of a rollup
 * ({@code t, avg, min, max, count}, {@code t} = start of the bucket).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesPointDto(Instant t, Object value, String quality, Double avg, Double min, Double max, Long count) {

    public static SeriesPointDto raw(Instant t, Object value, String quality) {
        return new SeriesPointDto(t, value, quality, null, null, null, null);
    }

    public static SeriesPointDto bucket(Instant t, double avg, double min, double max, long count) {
        return new SeriesPointDto(t, null, null, avg, min, max, count);
    }
}
