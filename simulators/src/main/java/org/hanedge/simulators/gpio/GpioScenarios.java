package org.hanedge.simulators.gpio;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.signals.PumpStationModel;
import org.hanedge.simulators.signals.SignalModel;

/** The GPIO scenario of a site kind. */
public final class GpioScenarios {
    /** Shortest real time (s) a simulated press is held, so a gateway's debounce sees it at high speed-ups. */
    public static final double MIN_REAL_HOLD_S = 0.15;
    /** Shortest real time (s) a rain-gauge tip is held. */
    public static final double MIN_REAL_TIP_S = 0.06;
    private static final Pattern PUMP_RELAY = Pattern.compile("pump(\\d)_run");

    private GpioScenarios() {
    }

    /**
     * The scenario for {@code profile} (by id): pump-station (rain gauge, float switch; {@code scenarioName} "storm"
     * or "normal"), waste-truck (bin lifts of the route from {@code routeStartS}), fishing-boat (SOS at
     * {@code sosAt}); {@code null} for other kinds. Pump relays written by a client run the model's pumps.
     */
    public static GpioScenario create(DeviceProfile profile, String scenarioName, SignalModel kindModel,
            GpioSimServer server, double speed, double routeStartS, Duration sosAt) {
        switch (profile.id()) {
            case "pump-station" -> {
                PumpStationModel model = kindModel instanceof PumpStationModel m ? m : null;
                String rain = null;
                double perPulse = 0.2;
                String floatSw = null;
                for (ChannelSpec c : profile.channelsOn(GpioSource.class)) {
                    GpioSource s = (GpioSource) c.source();
                    if (s.mode() == GpioMode.COUNTER && rain == null) {
                        rain = c.name();
                        perPulse = s.perPulse();
                    } else if (s.mode() == GpioMode.INPUT && c.name().contains("float") && floatSw == null) {
                        floatSw = c.name();
                    }
                }
                double high = profile.channel("wet_well_level")
                        .map(c -> c.alarms() != null && c.alarms().high() != null ? c.alarms().high() : 3.5)
                        .orElse(3.5);
                if (model != null) {
                    server.onOutput((channel, on) -> {
                        Matcher m = PUMP_RELAY.matcher(channel);
                        if (m.matches()) {
                            int pump = Integer.parseInt(m.group(1)) - 1;
                            if (pump >= 0 && pump < 3) {
                                model.remoteRun(pump, on);
                            }
                        }
                    });
                }
                return new PumpStationRain("storm".equalsIgnoreCase(scenarioName), rain, perPulse,
                        Math.max(0.1, MIN_REAL_TIP_S * speed), floatSw, high, model);
            }
            case "waste-truck" -> {
                String lift = inputNamed(profile, "lift");
                return lift == null ? null : new WasteTruckLifts(lift, Routes.wasteTruck(), routeStartS,
                        Math.max(WasteTruckLifts.HOLD_S, MIN_REAL_HOLD_S * speed));
            }
            case "fishing-boat" -> {
                String sos = inputNamed(profile, "sos");
                return sos == null ? null : new SosButton(sos, sosAt,
                        Math.max(SosButton.HOLD_S, MIN_REAL_HOLD_S * speed));
            }
            default -> {
                return null;
            }
        }
    }

    private static String inputNamed(DeviceProfile profile, String part) {
        for (ChannelSpec c : profile.channelsOn(GpioSource.class)) {
            if (((GpioSource) c.source()).mode() == GpioMode.INPUT && c.name().contains(part)) {
                return c.name();
            }
        }
        return null;
    }

}
