package org.hanedge.simulators.signals;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * Simulated time: starts at a given instant and runs {@code speed} times faster than the wall clock, in the site's
 * time zone (Da Nang, UTC+7, by default) so diurnal curves peak at local hours.
 */
public final class SimClock {
    public static final ZoneId DA_NANG = ZoneId.of("Asia/Ho_Chi_Minh");

    private final Instant start;
    private final long startNanos;
    private final double speed;
    private final ZoneId zone;

    public SimClock(Instant start, double speed, ZoneId zone) {
        if (speed <= 0) {
            throw new IllegalArgumentException("speed must be positive, was " + speed);
        }
        this.start = start;
        this.startNanos = System.nanoTime();
        this.speed = speed;
        this.zone = zone;
    }

    /** Real time in Da Nang, sped up by {@code speed}. */
    public static SimClock realTime(double speed) {
        return new SimClock(Instant.now(), speed, DA_NANG);
    }

    public double speed() {
        return speed;
    }

    public ZoneId zone() {
        return zone;
    }

    public ZonedDateTime now() {
        long elapsed = System.nanoTime() - startNanos;
        return start.plusNanos((long) (elapsed * speed)).atZone(zone);
    }

    /** Local hour of day as a fraction (13.5 = 13:30). */
    public static double hourOfDay(ZonedDateTime t) {
        return t.getHour() + t.getMinute() / 60.0 + t.getSecond() / 3600.0 + t.getNano() / 3.6e12;
    }
}
