package org.hanedge.demo;

/** Simulated time at a speed-up: how many real seconds a span of simulated minutes takes. */
public final class SimTime {
    private final double speed;

    /** @param speed simulated time runs this many times faster (positive) */
    public SimTime(double speed) {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive number, was " + speed);
        }
        this.speed = speed;
    }

    public double speed() {
        return speed;
    }

    /** Real seconds, rounded to whole seconds, that {@code simulatedMinutes} take. */
    public long realSeconds(double simulatedMinutes) {
        return (long) Math.floor(simulatedMinutes * 60 / speed + 0.5);
    }

    /** The speed as the command line wrote it: {@code 1}, {@code 20}, {@code 2.5}. */
    public String speedText() {
        return speed == Math.rint(speed) ? Long.toString((long) speed) : Double.toString(speed);
    }
}
