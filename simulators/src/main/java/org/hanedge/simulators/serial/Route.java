package org.hanedge.simulators.serial;

import java.util.ArrayList;
import java.util.List;

/**
 * A timed track: legs between waypoints driven at each waypoint's speed, a dwell at each waypoint (bin lifts at
 * collection points, the weighbridge, fishing), plus outages: periods without a GPS fix and periods in which the
 * receiver sends nothing at all. {@link #at(double)} gives the state at a route time (seconds since the start);
 * after {@link #duration()} the route starts over. Immutable.
 */
public final class Route {

    /**
     * A point of the route.
     *
     * @param name     place name (for logs and docs)
     * @param lat      latitude, decimal degrees
     * @param lon      longitude, decimal degrees
     * @param speedKmh speed on the leg that arrives here (ignored for the first waypoint)
     * @param dwellS   seconds spent standing here
     * @param binLifts bins emptied here (waste truck), spread evenly over the dwell
     * @param tip      the load is weighed here and then tipped: it drops to zero half-way through the dwell
     */
    public record Waypoint(String name, double lat, double lon, double speedKmh, double dwellS, int binLifts,
            boolean tip) {
        public static Waypoint stop(String name, double lat, double lon, double speedKmh, double dwellS) {
            return new Waypoint(name, lat, lon, speedKmh, dwellS, 0, false);
        }
    }

    /** What goes wrong with the GPS in a period. */
    public enum OutageKind {
        /** Sentences keep coming, but with fix quality 0 / status V and empty position fields. */
        NO_FIX,
        /** The receiver sends nothing (powered down, cable or coverage gap). */
        SILENT
    }

    public record Outage(double fromS, double toS, OutageKind kind) {
    }

    /**
     * State at one moment.
     *
     * @param t          route time, seconds (within one pass)
     * @param lat        latitude, decimal degrees
     * @param lon        longitude
     * @param speedKn    speed over ground, knots
     * @param courseDeg  course over ground, degrees true
     * @param fix        GPS fix available
     * @param silent     receiver sends nothing
     * @param satellites satellites used
     * @param hdop       horizontal dilution of precision
     * @param loadKg     load on the body (waste truck; 0 otherwise)
     * @param stable     the load is not moving (no bin lift in the last seconds)
     * @param place      waypoint name when standing at one, else the next waypoint's name
     */
    public record State(double t, double lat, double lon, double speedKn, double courseDeg, boolean fix, boolean silent,
            int satellites, double hdop, double loadKg, boolean stable, String place) {
    }

    private record Leg(double t0, double t1, Waypoint from, Waypoint to, boolean moving) {
    }

    /** Seconds after a bin lift during which the indicator reports an unstable load. */
    public static final double UNSTABLE_S = 4;

    private final String name;
    private final List<Waypoint> waypoints;
    private final List<Outage> outages;
    private final List<Leg> legs = new ArrayList<>();
    private final List<double[]> loadSteps = new ArrayList<>(); // {time, load after}
    private final List<Double> liftTimes = new ArrayList<>();
    private final double duration;

    public Route(String name, List<Waypoint> waypoints, List<Outage> outages, double kgPerLift) {
        if (waypoints.size() < 2) {
            throw new IllegalArgumentException("a route needs at least two waypoints");
        }
        this.name = name;
        this.waypoints = List.copyOf(waypoints);
        this.outages = List.copyOf(outages);
        double t = 0;
        double load = 0;
        int lift = 0;
        for (int i = 0; i < waypoints.size(); i++) {
            Waypoint w = waypoints.get(i);
            if (i > 0) {
                Waypoint prev = waypoints.get(i - 1);
                double d = distanceM(prev.lat(), prev.lon(), w.lat(), w.lon());
                double dt = d / (w.speedKmh() / 3.6);
                legs.add(new Leg(t, t + dt, prev, w, true));
                t += dt;
            }
            if (w.dwellS() > 0) {
                for (int k = 0; k < w.binLifts(); k++) {
                    double lt = t + (k + 1) * w.dwellS() / (w.binLifts() + 1);
                    // deterministic 40-90 kg per bin
                    load += kgPerLift + 25 * Math.sin(1.7 * ++lift);
                    loadSteps.add(new double[] {lt, load});
                    liftTimes.add(lt);
                }
                if (w.tip()) {
                    load = 0;
                    loadSteps.add(new double[] {t + w.dwellS() / 2, 0});
                }
                legs.add(new Leg(t, t + w.dwellS(), w, w, false));
                t += w.dwellS();
            }
        }
        this.duration = t;
    }

    public String name() {
        return name;
    }

    /** One pass, seconds. */
    public double duration() {
        return duration;
    }

    public List<Waypoint> waypoints() {
        return waypoints;
    }

    public List<Outage> outages() {
        return outages;
    }

    /** Route times (one pass) of the bin lifts. */
    public List<Double> liftTimes() {
        return List.copyOf(liftTimes);
    }

    /** Route time at which the vehicle arrives at the named waypoint (first occurrence). */
    public double arrival(String waypoint) {
        for (Leg l : legs) {
            if (l.to().name().equals(waypoint)) {
                return l.moving() ? l.t1() : l.t0();
            }
        }
        throw new IllegalArgumentException("no waypoint " + waypoint + " on route " + name);
    }

    public State at(double time) {
        double t = duration > 0 ? time % duration : 0;
        if (t < 0) {
            t += duration;
        }
        Leg leg = legs.get(legs.size() - 1);
        for (Leg l : legs) {
            if (t < l.t1()) {
                leg = l;
                break;
            }
        }
        double lat;
        double lon;
        double speedKn = 0;
        double course;
        if (leg.moving()) {
            double f = Math.min(1, Math.max(0, (t - leg.t0()) / (leg.t1() - leg.t0())));
            lat = leg.from().lat() + f * (leg.to().lat() - leg.from().lat());
            lon = leg.from().lon() + f * (leg.to().lon() - leg.from().lon());
            speedKn = leg.to().speedKmh() / 1.852;
            course = bearing(leg.from().lat(), leg.from().lon(), leg.to().lat(), leg.to().lon());
        } else {
            lat = leg.to().lat();
            lon = leg.to().lon();
            course = previousCourse(leg);
        }
        boolean fix = true;
        boolean silent = false;
        for (Outage o : outages) {
            if (t >= o.fromS() && t < o.toS()) {
                if (o.kind() == OutageKind.SILENT) {
                    silent = true;
                } else {
                    fix = false;
                }
            }
        }
        double load = 0;
        for (double[] s : loadSteps) {
            if (s[0] <= t) {
                load = s[1];
            }
        }
        boolean stable = true;
        for (double lt : liftTimes) {
            if (t >= lt && t < lt + UNSTABLE_S) {
                stable = false;
            }
        }
        int sats = fix ? 8 + (int) Math.round(2 + 2 * Math.sin(t / 600)) : (int) Math.round(1.5 + Math.sin(t / 60));
        double hdop = fix ? Math.round((0.9 + 0.3 * Math.sin(t / 400 + 1)) * 10) / 10.0 : 99.99;
        return new State(t, lat, lon, speedKn, course, fix, silent, sats, hdop, load, stable, leg.to().name());
    }

    private double previousCourse(Leg dwell) {
        int i = legs.indexOf(dwell);
        for (int k = i - 1; k >= 0; k--) {
            Leg l = legs.get(k);
            if (l.moving()) {
                return bearing(l.from().lat(), l.from().lon(), l.to().lat(), l.to().lon());
            }
        }
        return 0;
    }

    /** Great-circle distance in metres (haversine, mean Earth radius). */
    public static double distanceM(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_000;
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dp = p2 - p1;
        double dl = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dp / 2) * Math.sin(dp / 2) + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * r * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /** Initial bearing, degrees true 0..360. */
    public static double bearing(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1);
        double p2 = Math.toRadians(lat2);
        double dl = Math.toRadians(lon2 - lon1);
        double y = Math.sin(dl) * Math.cos(p2);
        double x = Math.cos(p1) * Math.sin(p2) - Math.sin(p1) * Math.cos(p2) * Math.cos(dl);
        return (Math.toDegrees(Math.atan2(y, x)) + 360) % 360;
    }
}
