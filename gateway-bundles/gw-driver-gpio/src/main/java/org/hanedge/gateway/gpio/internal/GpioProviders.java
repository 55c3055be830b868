package org.hanedge.gateway.gpio.internal;

import java.util.Locale;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalInputProvider;
import com.pi4j.plugin.linuxfs.provider.gpio.digital.LinuxFsDigitalOutputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProvider;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/**
 * Builds the Pi4J context of a device explicitly. Pi4J's auto-detection uses {@link java.util.ServiceLoader}, which
 * does not see across bundle class loaders in plain Felix, so the one provider the configuration names is added by
 * hand: {@code gpiod} (default; the GPIO character device through libgpiod, which Pi4J opens on the chip labelled
 * {@code pinctrl-*}), {@code linuxfs} (the deprecated sysfs interface {@code /sys/class/gpio}), {@code mock}
 * (tests, demos, the benchmark) or {@code sim} (a test rig: the mock provider, with the pins wired to a GPIO simulator
 * in another process by a {@link SimLink}).
 */
public final class GpioProviders {
    private GpioProviders() {
    }

    public enum Kind {
        GPIOD, LINUXFS, MOCK, SIM;

        static Kind parse(String s) {
            if (s == null || s.isBlank()) {
                return GPIOD;
            }
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("provider '" + s + "': expected gpiod, linuxfs, mock or sim");
            }
        }
    }

    /**
     * A context holding only the digital input and output providers of {@code kind}; no shutdown hook (we shut it
     * down).
     */
    static Context newContext(Kind kind) {
        var builder = Pi4J.newContextBuilder().noAutoDetect().noAutoInject().disableShutdownHook();
        switch (kind) {
            case GPIOD -> builder.add(GpioDDigitalInputProvider.newInstance(),
                    GpioDDigitalOutputProvider.newInstance());
            case LINUXFS -> builder.add(LinuxFsDigitalInputProvider.newInstance(),
                    LinuxFsDigitalOutputProvider.newInstance());
            case MOCK, SIM -> builder.add(MockDigitalInputProvider.newInstance(), MockDigitalOutputProvider.newInstance());
            default -> throw new IllegalArgumentException(kind.toString());
        }
        return builder.build();
    }

    /** The provider id to name in an input's configuration. */
    static String inputProviderId(Kind kind) {
        return switch (kind) {
            case GPIOD -> GpioDDigitalInputProvider.ID;
            case LINUXFS -> LinuxFsDigitalInputProvider.ID;
            case MOCK, SIM -> MockDigitalInputProvider.ID;
        };
    }

    /** The provider id to name in an output's configuration. */
    static String outputProviderId(Kind kind) {
        return switch (kind) {
            case GPIOD -> GpioDDigitalOutputProvider.ID;
            case LINUXFS -> LinuxFsDigitalOutputProvider.ID;
            case MOCK, SIM -> MockDigitalOutputProvider.ID;
        };
    }
}
