package org.hanedge.simulators.signals;

import static org.hanedge.simulators.signals.Models.noise;
import static org.hanedge.simulators.signals.Models.put;

import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * A rear-loader waste truck on its daily round: off at the depot at night; from 5:00 it collects (a bin lift every
 * 1.5-3 minutes, each adding 40-90 kg to the load and a hydraulic pressure peak of about 165 bar, a compaction cycle
 * every lift), drives to the Khanh Son landfill when the body is full, is weighed, tips (tailgate open, load drops to
 * zero) and goes back out; back at the depot after 21:00. The gross load ({@link #load()}) is what the body's
 * weighing indicator reports; the Modbus body controller shows body fill, hydraulics and counters.
 */
public final class WasteTruckModel implements SignalModel {
    public static final double CAPACITY_KG = 7200;

    enum Phase { DEPOT, COLLECTING, TO_LANDFILL, UNLOADING, RETURNING }

    private final SplittableRandom rnd;
    private Phase phase = Phase.DEPOT;
    private double phaseTime;
    private double nextLift = 120;
    private double load;
    private double pressurePeak;
    private double oilTemp = 32;
    private double cycles = 48210;
    private int lifts;

    public WasteTruckModel(long seed) {
        rnd = new SplittableRandom(seed);
    }

    @Override
    public Set<String> channels() {
        return Models.names("hydraulic_pressure", "hydraulic_oil_temperature", "body_fill", "compaction_cycles",
                "pto_engaged", "tailgate_open", "body_fault");
    }

    /** Load on the body, kg. */
    public double load() {
        return load;
    }

    /** Bin lifts so far. */
    public int lifts() {
        return lifts;
    }

    Phase phase() {
        return phase;
    }

    private void enter(Phase p) {
        phase = p;
        phaseTime = 0;
    }

    @Override
    public void step(ZonedDateTime time, double dt, RegisterBank bank) {
        double h = SimClock.hourOfDay(time);
        boolean workingHours = h >= 5 && h < 21;
        phaseTime += dt;
        switch (phase) {
            case DEPOT -> {
                if (workingHours) {
                    enter(Phase.COLLECTING);
                }
            }
            case COLLECTING -> {
                nextLift -= dt;
                if (nextLift <= 0) {
                    load += 40 + 50 * rnd.nextDouble();
                    lifts++;
                    cycles++;
                    pressurePeak = 160 + 10 * rnd.nextDouble();
                    nextLift = 90 + 90 * rnd.nextDouble();
                }
                if (load >= CAPACITY_KG * 0.92 || !workingHours && load > 0) {
                    enter(Phase.TO_LANDFILL);
                } else if (!workingHours) {
                    enter(Phase.DEPOT);
                }
            }
            case TO_LANDFILL -> {
                if (phaseTime >= 35 * 60) {
                    enter(Phase.UNLOADING);
                }
            }
            case UNLOADING -> {
                if (phaseTime >= 3 * 60 && load > 0) {
                    load = 0; // weighed in, tipped
                    pressurePeak = 150;
                }
                if (phaseTime >= 12 * 60) {
                    enter(Phase.RETURNING);
                }
            }
            case RETURNING -> {
                if (phaseTime >= 35 * 60) {
                    enter(workingHours ? Phase.COLLECTING : Phase.DEPOT);
                }
            }
        }
        boolean pto = phase == Phase.COLLECTING || phase == Phase.UNLOADING;
        pressurePeak *= Math.exp(-dt / 8);
        double pressure = pto ? 18 + pressurePeak + noise(rnd, 0.5) : 0;
        oilTemp = Models.lag(oilTemp, pto ? 58 + pressurePeak * 0.05 : 31, pto ? 1200 : 2400, dt);

        put(bank, "hydraulic_pressure", Math.max(0, pressure));
        put(bank, "hydraulic_oil_temperature", oilTemp + noise(rnd, 0.1));
        put(bank, "body_fill", Math.min(100, 100 * load / CAPACITY_KG));
        put(bank, "compaction_cycles", cycles);
        put(bank, "pto_engaged", pto);
        put(bank, "tailgate_open", phase == Phase.UNLOADING && phaseTime < 10 * 60);
        put(bank, "body_fault", false);
    }
}
