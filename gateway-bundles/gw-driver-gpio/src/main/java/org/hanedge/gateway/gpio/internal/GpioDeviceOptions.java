package org.hanedge.gateway.gpio.internal;

import java.nio.file.Path;

/**
 * How a GPIO device is driven, beyond its profile.
 *
 * @param provider      Pi4J provider
 * @param chip          GPIO chip name as configured (informational: Pi4J 2.8's gpiod provider selects the
 *                      {@code pinctrl-*} chip itself, linuxfs uses the global sysfs numbering)
 * @param pull          bias of input lines: {@code auto} (pull-up for active-low pins, pull-down otherwise),
 *                      {@code up}, {@code down} or {@code off}
 * @param stateDir      where pulse totals are persisted; {@code null} keeps them in memory only
 * @param queueCapacity edges buffered between the provider's event thread and the device's worker
 * @param simAddress    {@code host:port} of the GPIO simulator (provider {@code sim} only; null: the default
 *                      {@value #DEFAULT_SIM_ADDRESS})
 * @param simSpeed      how many times faster than real time the GPIO simulator's world runs (provider {@code sim}
 *                      only; 1 otherwise): counter rates are per hour of that world, so a simulated storm compressed
 *                      10 times reads its true mm/h
 */
public record GpioDeviceOptions(GpioProviders.Kind provider, String chip, String pull, Path stateDir, int queueCapacity,
        String simAddress, double simSpeed) {
    public static final int DEFAULT_QUEUE = 65_536;
    public static final String DEFAULT_SIM_ADDRESS = "127.0.0.1:5030";

    public GpioDeviceOptions(GpioProviders.Kind provider, String chip, String pull, Path stateDir, int queueCapacity) {
        this(provider, chip, pull, stateDir, queueCapacity, DEFAULT_SIM_ADDRESS);
    }

    public GpioDeviceOptions(GpioProviders.Kind provider, String chip, String pull, Path stateDir, int queueCapacity,
            String simAddress) {
        this(provider, chip, pull, stateDir, queueCapacity, simAddress, 1.0);
    }

    public GpioDeviceOptions {
        if (simAddress == null || simAddress.isBlank()) {
            simAddress = DEFAULT_SIM_ADDRESS;
        }
        simAddress = simAddress.trim();
        if (provider == GpioProviders.Kind.SIM) {
            SimLink.address(simAddress); // validates host:port
        }
        if (!(simSpeed > 0) || Double.isInfinite(simSpeed)) {
            throw new IllegalArgumentException("sim.speed " + simSpeed + ": must be a finite number greater than 0");
        }
        if (simSpeed != 1.0 && provider != GpioProviders.Kind.SIM) {
            throw new IllegalArgumentException("sim.speed " + simSpeed + ": only with provider sim (provider is "
                    + provider.name().toLowerCase(java.util.Locale.ROOT) + "; field hardware runs in real time)");
        }
        if (!java.util.Set.of("auto", "up", "down", "off").contains(pull)) {
            throw new IllegalArgumentException("pull '" + pull + "': expected auto, up, down or off");
        }
        if (queueCapacity < 16) {
            throw new IllegalArgumentException("queue capacity < 16");
        }
    }

    public static GpioDeviceOptions mock(Path stateDir) {
        return new GpioDeviceOptions(GpioProviders.Kind.MOCK, "gpiochip0", "auto", stateDir, DEFAULT_QUEUE);
    }
}
