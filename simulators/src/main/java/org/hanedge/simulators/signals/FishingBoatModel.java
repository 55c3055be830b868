package org.hanedge.simulators.signals;

import static org.hanedge.simulators.signals.Models.noise;
import static org.hanedge.simulators.signals.Models.put;

import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * An offshore fishing boat out of Tho Quang: leaves harbour at 15:30, steams out (about 1900 rpm), fishes through the
 * night at low rpm, steams back from 4:00 and is moored from 7:00 with the engine off. Engine hours accumulate while
 * running, the coolant warms towards its operating temperature under load and cools when stopped, oil pressure
 * follows rpm (zero when stopped), fuel is burnt and topped up at noon, the battery charges while the engine runs.
 * The bilge level creeps up; the bilge pump starts at 12 cm and stops at 3 cm.
 */
public final class FishingBoatModel implements SignalModel {
    public static final double BILGE_START = 12;
    public static final double BILGE_STOP = 3;

    private final SplittableRandom rnd;
    private double engineHours = 6342;
    private double rpm;
    private double coolant = 30;
    private double fuel = 85;
    private double battery = 25.4;
    private double bilge = 4;
    private boolean bilgePump;

    public FishingBoatModel(long seed) {
        rnd = new SplittableRandom(seed);
    }

    @Override
    public Set<String> channels() {
        return Models.names("engine_hours", "engine_speed", "coolant_temperature", "oil_pressure", "fuel_level",
                "battery_voltage", "engine_warning", "engine_stop_lamp", "bilge_level", "bilge_pump_running");
    }

    /** Target engine speed at a local hour (0 = stopped). */
    public static double targetRpm(double h) {
        if (h >= 15.5 && h < 19) {
            return 1900;
        }
        if (h >= 19 || h < 4) {
            return 1100;
        }
        if (h >= 4 && h < 7) {
            return 1850;
        }
        return 0;
    }

    public double engineHours() {
        return engineHours;
    }

    @Override
    public void step(ZonedDateTime time, double dt, RegisterBank bank) {
        double h = SimClock.hourOfDay(time);
        double target = targetRpm(h);
        rpm = target == 0 ? 0 : Math.max(650, Models.lag(rpm == 0 ? 700 : rpm, target, 30, dt) + noise(rnd, 8));
        boolean running = rpm > 0;
        if (running) {
            engineHours += dt / 3600;
            fuel = Math.max(0, fuel - (0.6 + 1.6 * Math.pow(rpm / 2000, 2)) * dt / 3600);
        } else if (h >= 12 && h < 12.5 && fuel < 95) {
            fuel = Math.min(95, fuel + 40 * dt / 3600);
        }
        coolant = Models.lag(coolant, running ? 74 + 10 * rpm / 2000 : 29, running ? 400 : 1800, dt);
        battery = running ? Models.lag(battery, 27.8, 600, dt) : Math.max(24.2, battery - 0.02 * dt / 3600);
        bilge += (0.8 - (bilgePump ? 30 : 0)) * dt / 3600;
        bilge = Math.max(0, bilge);
        if (bilge >= BILGE_START) {
            bilgePump = true;
        } else if (bilge <= BILGE_STOP) {
            bilgePump = false;
        }
        double oil = running ? 1.8 + 2.6 * rpm / 2000 + noise(rnd, 0.03) : 0;

        put(bank, "engine_hours", engineHours);
        put(bank, "engine_speed", rpm);
        put(bank, "coolant_temperature", coolant + noise(rnd, 0.2));
        put(bank, "oil_pressure", oil);
        put(bank, "fuel_level", fuel);
        put(bank, "battery_voltage", battery + noise(rnd, 0.02));
        put(bank, "engine_warning", coolant > 95);
        put(bank, "engine_stop_lamp", false);
        put(bank, "bilge_level", bilge);
        put(bank, "bilge_pump_running", bilgePump);
    }
}
