package org.hanedge.gateway.site.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A device's {@code gpio:} section (inputs, pulse counters, relay outputs), mapped to the GPIO driver's configuration.
 * Provider {@code sim} wires the pins to a GPIO simulator over TCP ({@code simAddress}), for test rigs; a simulator
 * whose world runs faster than real time ({@code simSpeed}) has the device compute its rates in simulated time.
 */
final class GpioSection {
    static final String FACTORY_PID = "org.hanedge.gateway.gpio.device";
    /** The largest {@code simSpeed}: the demo's {@code --speed} goes up to a few hundred. */
    static final double MAX_SIM_SPEED = 10_000;

    private GpioSection() {
    }

    static Map<String, Object> properties(Fields f, String id, String profile, Map<String, Object> m, String at)
            throws SiteConfigException {
        f.allowOnly(m, at, Set.of("provider", "pull", "stateDir", "simAddress", "simSpeed"));
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("device.id", id);
        p.put("profile", profile);
        p.put("profile.target", "(hanedge.profile.id=" + profile + ")");
        // published by Declarative Services as the driver's DeviceDriver service properties
        p.put("hanedge.device.id", id);
        p.put("hanedge.profile.id", profile);
        p.put("provider", f.oneOf(m.getOrDefault("provider", "gpiod"), at + "provider",
                Set.of("gpiod", "linuxfs", "mock", "sim")));
        p.put("pull", f.oneOf(m.getOrDefault("pull", "auto"), at + "pull", Set.of("auto", "up", "down", "off")));
        if (m.containsKey("simAddress")) {
            if (!"sim".equals(p.get("provider"))) {
                throw f.error(at + "simAddress", "only with provider: sim");
            }
            String address = f.string(m.get("simAddress"), at + "simAddress");
            if (!address.matches("[A-Za-z0-9.\\-]+:\\d{1,5}")) {
                throw f.error(at + "simAddress", "must be host:port, not '" + address + "'");
            }
            p.put("sim.address", address);
        }
        if (m.containsKey("simSpeed")) {
            if (!"sim".equals(p.get("provider"))) {
                throw f.error(at + "simSpeed", "only with provider: sim (a simulated world's speed-up; field "
                        + "hardware runs in real time)");
            }
            p.put("sim.speed", f.positive(m.get("simSpeed"), at + "simSpeed", MAX_SIM_SPEED));
        }
        if (m.containsKey("stateDir")) {
            p.put("state.dir", f.path(m.get("stateDir"), at + "stateDir").toString());
        }
        return p;
    }
}
