package org.hanedge.simulators.signals;

import static org.hanedge.simulators.signals.Models.gauss;
import static org.hanedge.simulators.signals.Models.noise;
import static org.hanedge.simulators.signals.Models.put;

import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Set;
import java.util.SplittableRandom;

import org.hanedge.simulators.modbus.RegisterBank;

/**
 * A signalised crossroads: traffic on the four approaches follows a daily curve with morning (7:30) and evening
 * (17:30) peaks; counters are cumulative since local midnight; occupancy rises and speed falls with the flow. The
 * controller runs a two-phase plan (north-south, then east-west) whose cycle length depends on the time of day.
 * Signal-group state coding used by the simulator: 0 dark, 1 red, 2 amber, 3 green. Groups 1-4 are the vehicle
 * groups of the north, east, south and west approaches, 5-8 the matching pedestrian groups (green = walk across
 * that approach, while its vehicles are held at red).
 */
public final class IntersectionModel implements SignalModel {
    static final String[] APPROACHES = {"north", "east", "south", "west"};
    /** Peak hourly flow per approach; north-south is the main road. */
    static final double[] PEAK_FLOW = {950, 620, 900, 580};
    public static final int RED = 1;
    public static final int AMBER = 2;
    public static final int GREEN = 3;

    private final SplittableRandom rnd;
    private final double[] counts = new double[4];
    private LocalDate day;
    private double cyclePos;

    public IntersectionModel(long seed) {
        rnd = new SplittableRandom(seed);
    }

    @Override
    public Set<String> channels() {
        Set<String> s = Models.names("controller_mode", "signal_plan", "cycle_time", "controller_fault",
                "cabinet_door_open", "central_control");
        for (int i = 1; i <= 8; i++) {
            s.add("sg" + i + "_state");
        }
        for (String a : APPROACHES) {
            s.add(a + "_vehicle_count");
            s.add(a + "_occupancy");
            s.add(a + "_speed");
        }
        return s;
    }

    /** Share of peak flow at a local hour (0.04 at night, about 1 at the peaks). */
    public static double dailyCurve(double hour) {
        return 0.04 + 0.95 * gauss(hour, 7.5, 1.1) + 0.9 * gauss(hour, 17.5, 1.4) + 0.45 * gauss(hour, 12, 3);
    }

    static int plan(double hour) {
        if (hour < 5 || hour >= 22) {
            return 1;
        }
        if (hour >= 6.5 && hour < 9) {
            return 3;
        }
        if (hour >= 16.5 && hour < 19) {
            return 4;
        }
        return 2;
    }

    static int cycle(int plan) {
        return switch (plan) {
            case 1 -> 60;
            case 3, 4 -> 120;
            default -> 90;
        };
    }

    /** State of a vehicle phase at position {@code pos} of a cycle of {@code c} s: green, 3 s amber, 2 s all-red. */
    static int phaseState(double pos, double c, boolean first) {
        double half = c / 2;
        double p = first ? pos : (pos + half) % c;
        if (p < half - 5) {
            return GREEN;
        }
        return p < half - 2 ? AMBER : RED;
    }

    @Override
    public void step(ZonedDateTime time, double dt, RegisterBank bank) {
        double h = SimClock.hourOfDay(time);
        if (!time.toLocalDate().equals(day)) {
            day = time.toLocalDate();
            java.util.Arrays.fill(counts, 0);
            // start part-way through the day as if counting since midnight
            if (dt == 0) {
                for (int i = 0; i < 4; i++) {
                    double sum = 0;
                    for (double x = 0; x < h; x += 0.1) {
                        sum += PEAK_FLOW[i] * dailyCurve(x) * 0.1;
                    }
                    counts[i] = sum;
                }
            }
        }
        int plan = plan(h);
        int c = cycle(plan);
        cyclePos = (cyclePos + dt) % c;
        boolean central = Models.commanded(bank, "central_control", false);
        put(bank, "controller_mode", central ? 7 : plan == 1 ? 4 : 5);
        put(bank, "signal_plan", plan);
        put(bank, "cycle_time", c);
        put(bank, "controller_fault", false);
        put(bank, "cabinet_door_open", false);
        put(bank, "central_control", false);
        int ns = phaseState(cyclePos, c, true);
        int ew = phaseState(cyclePos, c, false);
        int[] vehicle = {ns, ew, ns, ew};
        for (int i = 0; i < 4; i++) {
            put(bank, "sg" + (i + 1) + "_state", vehicle[i]);
            put(bank, "sg" + (i + 5) + "_state", vehicle[i] == RED && vehicle[(i + 1) % 4] != RED ? GREEN : RED);
        }
        for (int i = 0; i < 4; i++) {
            double rate = Math.max(0, PEAK_FLOW[i] * dailyCurve(h) * (1 + noise(rnd, 0.05)));
            counts[i] += rate * dt / 3600;
            double occupancy = Math.min(95, rate / 1100 * 55 + Math.abs(noise(rnd, 1)));
            double speed = Math.max(5, 52 - 0.45 * occupancy + noise(rnd, 1.5));
            String a = APPROACHES[i];
            put(bank, a + "_vehicle_count", Math.floor(counts[i]));
            put(bank, a + "_occupancy", occupancy);
            put(bank, a + "_speed", speed);
        }
    }
}
