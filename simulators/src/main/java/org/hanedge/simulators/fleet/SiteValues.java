package org.hanedge.simulators.fleet;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.signals.PumpStationModel;
import org.hanedge.simulators.signals.SignalDriver;
import org.hanedge.simulators.signals.SignalModel;
import org.hanedge.simulators.signals.Signals;

/**
 * The values of one virtual gateway's site, from the same models the field-device simulators run. Modbus channels are
 * read back from the site's own {@link RegisterBank}, driven by {@link Signals#forBank} (seeded from the site id) and
 * stepped lazily, on every pack, up to the fleet's {@link SiteTime} (at most {@link #MAX_CATCH_UP_S} simulated
 * seconds per pack, so a long gap costs no more than that). GPS, weighing indicator and bin lifts follow the kind's
 * route, each site at its own offset into it (fishing boats also spend a site-specific lay-over in harbour between
 * trips); a pump station's rain gauge, float and relays come from its {@link VirtualPumpStation}. Channels nothing
 * drives get {@link ChannelValues}. GPS position, speed, course and hdop are not reported while the receiver has no
 * fix, and no GPS channel while it is silent (as a gateway would see it). Not thread-safe: used under the gateway's
 * lock.
 */
final class SiteValues implements ValueSource {
    /** Simulated seconds a site's models are stepped through per pack at most. */
    static final double MAX_CATCH_UP_S = 3600;
    /** Longest lay-over of a fishing boat in harbour between trips. */
    static final double MAX_LAYOVER_S = 2 * 86400;
    /** Range of a pump station's catchment, relative to the real simulator's. */
    static final double MIN_RUNOFF = 0.9;
    static final double MAX_RUNOFF = 1.1;

    private final SiteProfile site;
    private final SiteTime time;
    private final ChannelValues fallback;
    private final long seed;
    private final double routeOffset;
    private final double layover;
    private final double runoff;
    private RegisterBank bank;
    private SignalModel model;
    private VirtualPumpStation station;
    private ZonedDateTime last;
    private Route.State gps;

    SiteValues(SiteProfile site, SiteTime time, String siteId, long fleetSeed) {
        this.site = site;
        this.time = time;
        this.seed = seedOf(siteId, fleetSeed);
        SplittableRandom r = new SplittableRandom(seed);
        this.fallback = new ChannelValues(site.channels(), r.nextLong());
        Route route = site.route();
        this.layover = site.layovers() ? r.nextDouble() * MAX_LAYOVER_S : 0;
        this.routeOffset = route == null ? 0 : r.nextDouble() * (route.duration() + layover);
        this.runoff = MIN_RUNOFF + (MAX_RUNOFF - MIN_RUNOFF) * r.nextDouble();
    }

    /** A seed for a site's models: the same for the same site id and fleet seed. */
    static long seedOf(String siteId, long fleetSeed) {
        return new SplittableRandom(fleetSeed * 0x9E3779B97F4A7C15L ^ siteId.hashCode()).nextLong();
    }

    @Override
    public void advance(long recordTimeMillis) {
        fallback.advance(recordTimeMillis);
        ZonedDateTime now = time.at(recordTimeMillis);
        if (site.modbus()) {
            if (bank == null) {
                start(now);
            } else if (now.isAfter(last)) {
                ZonedDateTime from = last;
                if (Duration.between(from, now).toMillis() > MAX_CATCH_UP_S * 1000) {
                    from = now.minusSeconds((long) MAX_CATCH_UP_S);
                }
                SignalDriver.advance(model, bank, from, now);
                last = now;
            }
        }
        Route route = site.route();
        if (route != null) {
            double x = (routeOffset + time.seconds(now)) % (route.duration() + layover);
            gps = route.at(x < route.duration() ? x : 0);
        }
    }

    private void start(ZonedDateTime now) {
        bank = new RegisterBank(site.profile(), 0);
        Signals signals = Signals.forBank(bank, seed);
        model = signals;
        if (site.pumpStation() && signals.kindModel() instanceof PumpStationModel p) {
            station = new VirtualPumpStation(signals, p, time, runoff, site.highLimit());
            model = station;
        }
        model.step(now, 0, bank);
        last = now;
    }

    @Override
    public int due() {
        return fallback.due();
    }

    @Override
    public ChannelValues.Channel nextChannel() {
        for (int i = 0; i < fallback.size(); i++) {
            ChannelValues.Channel c = fallback.nextChannel();
            if (available(c)) {
                return c;
            }
        }
        return fallback.nextChannel(); // nothing has a value now: send a stale one rather than nothing
    }

    private boolean available(ChannelValues.Channel c) {
        return switch (site.source(c.name()).feed()) {
            case LAT, LON, SPEED, COURSE, HDOP -> gps != null && !gps.silent() && gps.fix();
            case FIX_QUALITY, SATELLITES -> gps != null && !gps.silent();
            case SCALE -> gps != null && gps.stable();
            default -> true;
        };
    }

    @Override
    public double number(ChannelValues.Channel c) {
        SiteProfile.Source s = site.source(c.name());
        if (!driven(s.feed())) {
            return fallback.number(c);
        }
        return switch (s.feed()) {
            case MODBUS -> round(bank.get(c.name()), 3);
            case LAT -> round(gps.lat(), 6);
            case LON -> round(gps.lon(), 6);
            case SPEED -> round(gps.speedKn() * s.arg(), 2);
            case COURSE -> round(gps.courseDeg(), 1);
            case FIX_QUALITY -> gps.fix() ? 1 : 0;
            case SATELLITES -> gps.satellites();
            case HDOP -> gps.hdop();
            case SCALE -> round(gps.loadKg(), 1);
            case RAIN -> round(station.rainRate(), 1);
            default -> fallback.number(c);
        };
    }

    @Override
    public boolean bool(ChannelValues.Channel c) {
        SiteProfile.Source s = site.source(c.name());
        if (!driven(s.feed())) {
            return s.feed() == SiteProfile.Feed.NORMAL ? c.normal() : fallback.bool(c);
        }
        return switch (s.feed()) {
            case MODBUS -> bank.getBool(c.name());
            case BIN_LIFT -> !gps.stable();
            case FLOAT -> station.floatActive();
            case RELAY -> station.relay((int) s.arg());
            default -> fallback.bool(c);
        };
    }

    /** Whether what drives a feed is there (a model that has been stepped, a route position). */
    private boolean driven(SiteProfile.Feed f) {
        return switch (f) {
            case MODBUS -> bank != null;
            case LAT, LON, SPEED, COURSE, FIX_QUALITY, SATELLITES, HDOP, SCALE, BIN_LIFT -> gps != null;
            case RAIN, FLOAT, RELAY -> station != null;
            case NORMAL, FALLBACK -> false;
        };
    }

    /** The site's pump-station side, or null (for tests). */
    VirtualPumpStation station() {
        return station;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
