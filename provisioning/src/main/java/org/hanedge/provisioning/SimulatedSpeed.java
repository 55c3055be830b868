package org.hanedge.provisioning;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code --sim-speed X}: the devices wired to a GPIO simulator whose world runs X times faster than real time (the
 * demo's {@code --speed}) get {@code gpio.simSpeed: X}, so the gateway computes their counter rates per hour of that
 * world (docs/gpio.md). Devices on other buses are left as they are; a GPIO device on real hardware refuses it.
 */
final class SimulatedSpeed {
    /** The largest speed-up the gateway accepts (gw-site's {@code simSpeed}). */
    static final double MAX = 10_000;

    private SimulatedSpeed() {
    }

    /** The devices with {@code simSpeed} set on each {@code gpio: { provider: sim }} section (speed 1: unchanged). */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> apply(List<Map<String, Object>> devices, double speed)
            throws ProvisioningException {
        if (!(speed > 0) || speed > MAX) {
            throw new ProvisioningException("--sim-speed " + speed + ": must be a number greater than 0 and at most "
                    + (long) MAX);
        }
        if (speed == 1.0) {
            return devices;
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map<String, Object> device : devices) {
            if (!(device.get("gpio") instanceof Map<?, ?> gpio)) {
                out.add(device);
                continue;
            }
            Object provider = gpio.get("provider");
            if (!"sim".equals(provider)) {
                throw new ProvisioningException("--sim-speed " + speed + ": device " + device.get("id")
                        + " uses gpio provider " + (provider == null ? "gpiod (the default)" : provider)
                        + "; only devices wired to a GPIO simulator (provider: sim) run in simulated time");
            }
            Map<String, Object> fast = new LinkedHashMap<>((Map<String, Object>) gpio);
            fast.put("simSpeed", speed);
            Map<String, Object> copy = new LinkedHashMap<>(device);
            copy.put("gpio", fast);
            out.add(copy);
        }
        return out;
    }
}
