package org.hanedge.simulators.signals;

import static org.hanedge.simulators.signals.Models.chance;
import static org.hanedge.simulators.signals.Models.gauss;
import static org.hanedge.simulators.signals.Models.noise;
import static org.hanedge.simulators.signals.Models.put;

import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * A drainage pump station: the wet well fills at an inflow that follows the daily sewage curve (peaks in the morning
 * and evening) plus occasional storms; in AUTO the duty pump starts at {@link #START_LEVEL} and stops at
 * {@link #STOP_LEVEL}, the standby pump joins at {@link #STANDBY_LEVEL}; the duty pump rotates at every start.
 * Currents, running hours and rising-main flow follow the pumps. If a master writes {@code station_auto} false the
 * pumps stay off.
 */
public final class PumpStationModel implements SignalModel {
    public static final double START_LEVEL = 2.0;
    /** Top of the wet well (m): one metre above the profile's high limit. */
    public static final double WELL_TOP = 4.5;
    public static final double STOP_LEVEL = 0.8;
    public static final double STANDBY_LEVEL = 3.0;
    /** Wet-well plan area, m2. */
    public static final double AREA = 25;
    /** One pump's capacity, m3/h. */
    public static final double PUMP_CAPACITY = 420;
    static final double RATED_CURRENT = 38;

    private final SplittableRandom rnd;
    private volatile double level = 1.2;
    private final boolean[] running = new boolean[3];
    private final boolean[] remote = new boolean[3];
    private volatile double extraInflow;
    private final double[] hours = {1520.0, 1490.0, 1610.0};
    private int duty;
    private double storm;

    public PumpStationModel(long seed) {
        rnd = new SplittableRandom(seed);
    }

    @Override
    public Set<String> channels() {
        return Models.names("wet_well_level", "station_auto", "pump1_running", "pump2_running", "pump3_running",
                "pump1_fault", "pump2_fault", "pump3_fault", "pump1_current", "pump2_current", "pump3_current",
                "outflow", "mains_voltage", "pump1_hours", "pump2_hours", "pump3_hours");
    }

    /** Inflow (m3/h) at a local hour, without storms. */
    public static double baseInflow(double hour) {
        return 110 + 170 * gauss(hour, 7.5, 1.5) + 140 * gauss(hour, 19, 2) + 60 * gauss(hour, 12.5, 2);
    }

    public double level() {
        return level;
    }

    public boolean running(int pump) {
        return running[pump];
    }

    /** Extra inflow into the wet well (m3/h), e.g. rain run-off from the GPIO storm scenario. */
    public void setExtraInflow(double m3h) {
        extraInflow = Math.max(0, m3h);
    }

    /** A remote run relay (gateway GPIO output {@code pumpN_run}, pump 0..2): while on, the pump runs. */
    public synchronized void remoteRun(int pump, boolean on) {
        remote[pump] = on;
    }

    @Override
    public synchronized void step(ZonedDateTime time, double dt, RegisterBank bank) {
        double h = SimClock.hourOfDay(time);
        if (chance(rnd, 0.02, dt)) {
            storm += 300 + 500 * rnd.nextDouble();
        }
        storm *= Math.exp(-dt / 3600);
        double inflow = Math.max(0, baseInflow(h) + storm + extraInflow + noise(rnd, 5));

        boolean auto = Models.commanded(bank, "station_auto", true);
        int count = 0;
        for (boolean r : running) {
            count += r ? 1 : 0;
        }
        if (!auto) {
            java.util.Arrays.fill(running, false);
        } else if (level <= STOP_LEVEL) {
            java.util.Arrays.fill(running, false);
        } else if (count == 0 && level >= START_LEVEL) {
            running[duty] = true;
            duty = (duty + 1) % 3;
        } else if (count == 1 && level >= STANDBY_LEVEL) {
            for (int i = 0; i < 3; i++) {
                int p = (duty + i) % 3;
                if (!running[p]) {
                    running[p] = true;
                    break;
                }
            }
        }
        for (int i = 0; i < 3; i++) {
            running[i] |= remote[i];
        }
        count = 0;
        for (boolean r : running) {
            count += r ? 1 : 0;
        }
        // pumps in parallel on one rising main deliver less than the sum
        double outflow = count == 0 ? 0 : PUMP_CAPACITY * count * (count == 1 ? 1 : 0.9) + noise(rnd, 4);
        outflow = Math.max(0, outflow);
        // at the top of the well the water floods the street instead of rising further
        level = Math.min(WELL_TOP, Math.max(0.2, level + (inflow - outflow) / AREA * dt / 3600));

        put(bank, "wet_well_level", level + noise(rnd, 0.005));
        put(bank, "station_auto", true);
        for (int i = 0; i < 3; i++) {
            if (running[i]) {
                hours[i] += dt / 3600;
            }
            String p = "pump" + (i + 1);
            put(bank, p + "_running", running[i]);
            put(bank, p + "_fault", false);
            put(bank, p + "_current", running[i] ? RATED_CURRENT + noise(rnd, 0.4) : 0);
            put(bank, p + "_hours", Math.floor(hours[i]));
        }
        put(bank, "outflow", outflow);
        put(bank, "mains_voltage", 402 - 3 * count + noise(rnd, 1.5));
    }
}
