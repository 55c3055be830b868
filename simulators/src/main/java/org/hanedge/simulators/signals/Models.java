package org.hanedge.simulators.signals;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;

/** Small helpers shared by the models. */
final class Models {
    private Models() {
    }

    /** Writes a value if the profile has the channel. */
    static void put(RegisterBank bank, String name, double value) {
        if (bank.has(name)) {
            bank.update(name, value);
        }
    }

    static void put(RegisterBank bank, String name, boolean value) {
        put(bank, name, value ? 1 : 0);
    }

    /** The channel's current value if a master wrote it (commands, selectors), else {@code fallback}. */
    static boolean commanded(RegisterBank bank, String name, boolean fallback) {
        return bank.has(name) && bank.writtenByMaster(name) ? bank.getBool(name) : fallback;
    }

    static Set<String> names(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }

    /** cos curve with maximum 1 at {@code peakHour} and minimum -1 twelve hours away. */
    static double diurnal(double hour, double peakHour) {
        return Math.cos(2 * Math.PI * (hour - peakHour) / 24);
    }

    static double gauss(double x, double mean, double sd) {
        double z = (x - mean) / sd;
        return Math.exp(-0.5 * z * z);
    }

    /** Gaussian noise. */
    static double noise(SplittableRandom rnd, double sd) {
        double u1 = Math.max(1e-12, rnd.nextDouble());
        double u2 = rnd.nextDouble();
        return sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    /** First-order lag of {@code value} toward {@code target} with time constant {@code tau} seconds. */
    static double lag(double value, double target, double tau, double dt) {
        return value + (target - value) * (1 - Math.exp(-dt / tau));
    }

    /** Whether an event with {@code ratePerHour} happens within {@code dt} seconds. */
    static boolean chance(SplittableRandom rnd, double ratePerHour, double dt) {
        return rnd.nextDouble() < 1 - Math.exp(-ratePerHour * dt / 3600);
    }
}
