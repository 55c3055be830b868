package org.hanedge.gateway.rules.internal;

import java.time.Instant;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;

/**
 * The numeric samples of one channel within one aggregation window {@code [start, end)}. Closing it gives three
 * readings dated at the window's end: the average under the channel's own name, and {@code <name>_min} and
 * {@code <name>_max}; their quality is UNCERTAIN when any sample was, GOOD otherwise.
 */
final class WindowAggregate {
    private final String deviceId;
    private final String channel;
    private final String unit;
    private final Instant start;
    private final Instant end;
    private int count;
    private double sum;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private boolean uncertain;

    WindowAggregate(String deviceId, String channel, String unit, Instant start, Instant end) {
        this.deviceId = deviceId;
        this.channel = channel;
        this.unit = unit;
        this.start = start;
        this.end = end;
    }

    /** The window of length {@code windowMs} (aligned to the epoch) that contains {@code t}. */
    static WindowAggregate containing(Reading r, Instant t, long windowMs) {
        long startMs = Math.floorDiv(t.toEpochMilli(), windowMs) * windowMs;
        return new WindowAggregate(r.deviceId(), r.channel(), r.unit(), Instant.ofEpochMilli(startMs),
                Instant.ofEpochMilli(startMs + windowMs));
    }

    void add(Reading r) {
        double v = r.numberValue();
        count++;
        sum += v;
        min = Math.min(min, v);
        max = Math.max(max, v);
        uncertain |= r.quality() == Quality.UNCERTAIN;
    }

    Instant start() {
        return start;
    }

    Instant end() {
        return end;
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** Average, minimum and maximum, or nothing when no sample fell in the window. */
    List<Reading> close() {
        if (count == 0) {
            return List.of();
        }
        Quality q = uncertain ? Quality.UNCERTAIN : Quality.GOOD;
        return List.of(new Reading(deviceId, channel, sum / count, unit, end, q),
                new Reading(deviceId, channel + "_min", min, unit, end, q),
                new Reading(deviceId, channel + "_max", max, unit, end, q));
    }
}
