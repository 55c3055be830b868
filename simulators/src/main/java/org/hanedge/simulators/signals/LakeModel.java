package org.hanedge.simulators.signals;

import static org.hanedge.simulators.signals.Models.chance;
import static org.hanedge.simulators.signals.Models.diurnal;
import static org.hanedge.simulators.signals.Models.noise;
import static org.hanedge.simulators.signals.Models.put;

import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * A shallow tropical city lake: water temperature and dissolved oxygen follow the sun (photosynthesis; both peak
 * mid-afternoon, DO lowest before dawn), pH rises and falls with DO (CO2 uptake), turbidity shows occasional spikes
 * (run-off, wind) that settle over about half an hour, the level varies slowly over days, the sonde's battery charges
 * by day.
 */
public final class LakeModel implements SignalModel {
    static final double PEAK_HOUR = 15;

    private final SplittableRandom rnd;
    private double turbiditySpike;
    private double phDrift;
    private double conductivityDrift;
    private double samples = 1200;
    private double elapsed;

    public LakeModel(long seed) {
        rnd = new SplittableRandom(seed);
    }

    @Override
    public Set<String> channels() {
        return Models.names("water_temperature", "conductivity", "ph", "dissolved_oxygen",
                "dissolved_oxygen_saturation", "turbidity", "water_level", "supply_voltage", "sonde_status",
                "wiper_fault", "calibration_due", "samples_taken");
    }

    /** Dissolved oxygen (mg/L) at a local hour, without noise. */
    public static double dissolvedOxygen(double hour) {
        return 6.8 + 2.3 * diurnal(hour, PEAK_HOUR);
    }

    /** Oxygen solubility in fresh water (mg/L) at temperature t (Celsius). */
    static double saturation(double t) {
        return 14.62 - 0.3898 * t + 0.006969 * t * t - 0.00005897 * t * t * t;
    }

    @Override
    public void step(ZonedDateTime time, double dt, RegisterBank bank) {
        elapsed += dt;
        double h = SimClock.hourOfDay(time);
        double temp = 29.0 + 1.6 * diurnal(h, PEAK_HOUR) + noise(rnd, 0.03);
        double dox = dissolvedOxygen(h) + noise(rnd, 0.05);
        phDrift = Math.max(-0.2, Math.min(0.2, phDrift + noise(rnd, 0.002 * Math.sqrt(dt))));
        double ph = 7.3 + 0.35 * (dox - 6.8) / 2.3 + phDrift + noise(rnd, 0.01);
        conductivityDrift = Math.max(-60, Math.min(60, conductivityDrift + noise(rnd, 0.3 * Math.sqrt(dt))));
        if (chance(rnd, 0.15, dt)) {
            turbiditySpike += 20 + 40 * rnd.nextDouble();
        }
        turbiditySpike *= Math.exp(-dt / 1800);
        double level = 1.6 + 0.15 * Math.sin(2 * Math.PI * time.toEpochSecond() / (3 * 86400.0)) + noise(rnd, 0.002);
        double sun = Math.max(0, Math.sin(Math.PI * (h - 6) / 12));
        samples += dt / 10;

        put(bank, "water_temperature", temp);
        put(bank, "dissolved_oxygen", dox);
        put(bank, "dissolved_oxygen_saturation", 100 * dox / saturation(temp));
        put(bank, "ph", ph);
        put(bank, "conductivity", 450 + conductivityDrift + noise(rnd, 2));
        put(bank, "turbidity", 8 + turbiditySpike + Math.abs(noise(rnd, 0.4)));
        put(bank, "water_level", level);
        put(bank, "supply_voltage", 12.4 + 1.2 * sun + noise(rnd, 0.02));
        put(bank, "sonde_status", 0);
        put(bank, "wiper_fault", false);
        put(bank, "calibration_due", elapsed > 30 * 86400);
        put(bank, "samples_taken", Math.floor(samples));
    }
}
