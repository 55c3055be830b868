package org.hanedge.simulators.fleet;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.signals.Signals;

/**
 * Where each reported channel of a profile gets its value in the virtual fleet (see {@link SiteValues}); built once
 * per profile and shared by its gateways. Immutable.
 */
final class SiteProfile {
    /** What drives a channel. */
    enum Feed {
        /** read back from the site's register bank, driven by the profile's signal models */
        MODBUS,
        /** GPS fields from the kind's {@link Route} */
        LAT, LON, SPEED, COURSE, FIX_QUALITY, SATELLITES, HDOP,
        /** the waste truck's weighing indicator: the route's load, reported while stable */
        SCALE,
        /** the waste truck's bin-lift switch: on while a bin is being emptied on the route */
        BIN_LIFT,
        /** the pump station's rain gauge, float switch and pump relays ({@link VirtualPumpStation}) */
        RAIN, FLOAT, RELAY,
        /** a GPIO input or output nothing drives: its normal state */
        NORMAL,
        /** {@link ChannelValues}: a plausible value with noise */
        FALLBACK
    }

    /** A channel's feed; {@code arg} is the speed unit factor (from knots) or the relay's pump index. */
    record Source(Feed feed, double arg) {
    }

    static final String PUMP_STATION = "pump-station";
    private static final Pattern PUMP_RELAY = Pattern.compile("pump(\\d)_run");
    private static final Source FALLBACK = new Source(Feed.FALLBACK, 0);

    private final DeviceProfile profile;
    private final List<ChannelValues.Channel> channels;
    private final Map<String, Source> sources = new HashMap<>();
    private final Route route;
    private final boolean modbus;
    private final boolean pumpStation;
    private final double highLimit;

    SiteProfile(DeviceProfile profile, List<ChannelValues.Channel> channels) {
        this.profile = profile;
        this.channels = List.copyOf(channels);
        this.route = Routes.forKind(profile.id());
        this.modbus = !profile.channelsOn(ModbusSource.class).isEmpty();
        this.pumpStation = PUMP_STATION.equals(profile.id());
        this.highLimit = profile.channel("wet_well_level")
                .map(c -> c.alarms() != null && c.alarms().high() != null ? c.alarms().high() : 3.5).orElse(3.5);
        boolean known = route != null || Signals.kindModel(profile.id(), 0) != null;
        for (ChannelValues.Channel c : channels) {
            ChannelSpec spec = profile.channel(c.name()).orElseThrow();
            sources.put(c.name(), sourceOf(spec, known));
        }
    }

    private Source sourceOf(ChannelSpec c, boolean known) {
        if (c.source() instanceof ModbusSource) {
            return new Source(Feed.MODBUS, 0);
        }
        if (c.source() instanceof NmeaSource n && route != null) {
            return switch (n.field()) {
                case "latitude" -> new Source(Feed.LAT, 0);
                case "longitude" -> new Source(Feed.LON, 0);
                case "speed" -> new Source(Feed.SPEED, knotsTo(c.unit()));
                case "course" -> new Source(Feed.COURSE, 0);
                case "fix_quality" -> new Source(Feed.FIX_QUALITY, 0);
                case "satellites" -> new Source(Feed.SATELLITES, 0);
                case "hdop" -> new Source(Feed.HDOP, 0);
                default -> FALLBACK;
            };
        }
        if (c.source() instanceof SerialLineSource && route != null && !route.liftTimes().isEmpty()) {
            return new Source(Feed.SCALE, 0);
        }
        if (c.source() instanceof GpioSource g && known) {
            if (pumpStation && g.mode() == GpioMode.COUNTER) {
                return new Source(Feed.RAIN, 0);
            }
            if (pumpStation && g.mode() == GpioMode.INPUT && c.name().contains("float")) {
                return new Source(Feed.FLOAT, 0);
            }
            Matcher m = PUMP_RELAY.matcher(c.name());
            if (pumpStation && g.mode() == GpioMode.OUTPUT && m.matches()) {
                return new Source(Feed.RELAY, Integer.parseInt(m.group(1)) - 1);
            }
            if (route != null && !route.liftTimes().isEmpty() && g.mode() == GpioMode.INPUT
                    && c.name().contains("lift")) {
                return new Source(Feed.BIN_LIFT, 0);
            }
            if (g.mode() != GpioMode.COUNTER) {
                return new Source(Feed.NORMAL, 0);
            }
        }
        return FALLBACK;
    }

    /** Factor from knots to a speed channel's unit, as the gateway's NMEA driver converts. */
    static double knotsTo(String unit) {
        if ("km/h".equals(unit)) {
            return 1.852;
        }
        return "m/s".equals(unit) ? 1852 / 3600.0 : 1;
    }

    DeviceProfile profile() {
        return profile;
    }

    /** The reported (number and boolean) channels. */
    List<ChannelValues.Channel> channels() {
        return channels;
    }

    Source source(String channel) {
        return sources.getOrDefault(channel, FALLBACK);
    }

    /** The kind's route (waste truck, fishing boat), or null. */
    Route route() {
        return route;
    }

    /** Whether the profile has Modbus channels (driven through a register bank). */
    boolean modbus() {
        return modbus;
    }

    /** Whether sites lie over in harbour between trips of the route (fishing boats). */
    boolean layovers() {
        return "fishing-boat".equals(profile.id());
    }

    boolean pumpStation() {
        return pumpStation;
    }

    /** The wet well's high alarm limit (pump stations). */
    double highLimit() {
        return highLimit;
    }
}
