package org.hanedge.gateway.api.profile;

import java.time.Duration;

/**
 * A GPIO pin (BCM numbering).
 *
 * @param pin       BCM pin number
 * @param mode      input, pulse counter or output
 * @param activeLow whether a low level means "on"
 * @param debounce  debounce time for inputs and counters
 * @param perPulse  engineering units per pulse, for counters (for example 0.2 mm per tip of a rain gauge)
 */
public record GpioSource(int pin, GpioMode mode, boolean activeLow, Duration debounce, double perPulse)
        implements Source {
    @Override
    public String bus() {
        return "gpio";
    }
}
