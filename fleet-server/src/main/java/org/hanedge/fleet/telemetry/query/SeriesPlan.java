package org.hanedge.fleet.telemetry.query;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.hanedge.fleet.api.BadRequestException;

/**
 * How a series query is answered: the range, the step and the resolution read.
 *
 * @param from       start of the range (inclusive)
 * @param to         end of the range (exclusive)
 * @param stepMillis width of a point; a whole number of the resolution's buckets
 * @param resolution raw readings, or the coarsest rollup whose bucket is at most the step
 */
public record SeriesPlan(Instant from, Instant to, long stepMillis, Resolution resolution) {
    /** Default range when {@code from} is not given. */
    public static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    /** Default steps aim at no more than this many points. */
    public static final int TARGET_POINTS = 1_000;
    /** A request producing more points (or raw readings) is refused. */
    public static final int MAX_POINTS = 10_000;

    private static final List<Long> NICE_STEPS = List.of(
            1_000L, 5_000L, 10_000L, 15_000L, 30_000L,
            60_000L, 120_000L, 300_000L, 600_000L, 900_000L, 1_800_000L,
            3_600_000L, 7_200_000L, 10_800_000L, 21_600_000L, 43_200_000L,
            86_400_000L, 172_800_000L, 604_800_000L);

    /**
     * Plans a query from the request's parameters (already parsed; {@code null} = not given).
     *
     * @throws BadRequestException naming {@code from} or {@code step} when the range or point count is out of bounds
     */
    public static SeriesPlan of(Instant from, Instant to, Long stepMillis, Instant now) {
        Instant end = to != null ? to : now;
        Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
        QueryParameters.checkRange(start, end);
        long range = end.toEpochMilli() - start.toEpochMilli();
        long step = stepMillis != null ? stepMillis : defaultStep(range);
        Resolution resolution = Resolution.forStep(step);
        if (resolution != Resolution.RAW) {
            step = step / resolution.bucketMillis() * resolution.bucketMillis();
        }
        long points = (range + step - 1) / step;
        if (points > MAX_POINTS) {
            throw new BadRequestException("step", "a step of " + Duration.ofMillis(step) + " gives " + points
                    + " points over " + Duration.ofMillis(range) + "; at most " + MAX_POINTS + " are allowed");
        }
        return new SeriesPlan(start, end, step, resolution);
    }

    /** The smallest "round" step giving at most {@link #TARGET_POINTS} points over the range. */
    static long defaultStep(long rangeMillis) {
        long wanted = (rangeMillis + TARGET_POINTS - 1) / TARGET_POINTS;
        for (long s : NICE_STEPS) {
            if (s >= wanted) {
                return s;
            }
        }
        long week = NICE_STEPS.get(NICE_STEPS.size() - 1);
        return (wanted + week - 1) / week * week;
    }

    /** Start of the first step bucket: {@code from} rounded down to a multiple of the step (epoch aligned). */
    public long firstBucket() {
        return Math.floorDiv(from.toEpochMilli(), stepMillis) * stepMillis;
    }

    /** The step as an ISO-8601 duration. */
    public Duration step() {
        return Duration.ofMillis(stepMillis);
    }
}
