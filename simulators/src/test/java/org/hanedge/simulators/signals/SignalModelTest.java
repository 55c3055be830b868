package org.hanedge.simulators.signals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.TestProfiles;
import org.hanedge.simulators.modbus.RegisterBank;
import org.junit.jupiter.api.Test;

class SignalModelTest {

    static final Path PROFILES = Path.of("..", "device-profiles");

    static DeviceProfile profile(String id) throws Exception {
        return ProfileLoader.load(PROFILES.resolve(id + ".yaml"));
    }

    static ZonedDateTime at(int hour, int minute) {
        return LocalDateTime.of(2025, 6, 10, hour, minute).atZone(SimClock.DA_NANG);
    }

    /** Runs a model over {@code hours} of simulated time, calling back every simulated minute. */
    static void run(Signals s, RegisterBank bank, ZonedDateTime from, double hours, java.util.function.Consumer<ZonedDateTime> everyMinute) {
        s.step(from, 0, bank);
        ZonedDateTime t = from;
        for (int i = 0; i < hours * 60; i++) {
            ZonedDateTime next = t.plusMinutes(1);
            SignalDriver.advance(s, bank, t, next);
            t = next;
            everyMinute.accept(t);
        }
    }

    @Test
    void pumpStationPumpsStartAtStartLevelAndDrawTheWellDown() throws Exception {
        RegisterBank bank = new RegisterBank(profile("pump-station"));
        Signals s = Signals.forBank(bank, 7);
        List<double[]> samples = new ArrayList<>(); // level, pumps running
        run(s, bank, at(6, 0), 6, t -> {
            int running = 0;
            for (int i = 1; i <= 3; i++) {
                running += bank.getBool("pump" + i + "_running") ? 1 : 0;
            }
            samples.add(new double[] {bank.get("wet_well_level"), running});
        });
        int starts = 0;
        int fallingWhileRunning = 0;
        for (int i = 1; i < samples.size(); i++) {
            double[] prev = samples.get(i - 1);
            double[] cur = samples.get(i);
            if (prev[1] == 0 && cur[1] > 0) {
                starts++;
                assertTrue(prev[0] >= PumpStationModel.START_LEVEL - 0.2,
                        "pump started at level " + prev[0] + " (start level " + PumpStationModel.START_LEVEL + ")");
            }
            if (prev[1] > 0 && cur[1] > 0 && cur[0] < prev[0]) {
                fallingWhileRunning++;
            }
            assertTrue(cur[0] < 4.2, "wet well overflowed: " + cur[0]);
        }
        assertTrue(starts >= 2, "pump starts in 6 h: " + starts);
        assertTrue(fallingWhileRunning >= 5, "level fell while pumps ran in " + fallingWhileRunning + " minutes");
        assertTrue(bank.get("pump1_current") >= 0);
        double hours = bank.get("pump1_hours") + bank.get("pump2_hours") + bank.get("pump3_hours");
        assertTrue(hours > 1520 + 1490 + 1610, "running hours accumulate: " + hours);
    }

    @Test
    void pumpStationStaysOffWhenMasterSwitchesAutoOff() throws Exception {
        RegisterBank bank = new RegisterBank(profile("pump-station"));
        Signals s = Signals.forBank(bank, 7);
        bank.writeCoils(0, new boolean[] {false}); // as a gateway writing station_auto = false
        run(s, bank, at(6, 0), 2, t -> assertFalse(bank.getBool("pump1_running") || bank.getBool("pump2_running")
                || bank.getBool("pump3_running")));
        assertFalse(bank.getBool("station_auto"));
    }

    @Test
    void lakeOxygenIsHigherInTheAfternoonThanBeforeDawn() throws Exception {
        RegisterBank bank = new RegisterBank(profile("lake"));
        Signals s = Signals.forBank(bank, 3);
        double[] preDawn = new double[1];
        double[] afternoon = new double[1];
        double[] temps = new double[2];
        run(s, bank, at(0, 0), 24, t -> {
            if (t.getHour() == 4 && t.getMinute() == 0) {
                preDawn[0] = bank.get("dissolved_oxygen");
                temps[0] = bank.get("water_temperature");
            }
            if (t.getHour() == 15 && t.getMinute() == 0) {
                afternoon[0] = bank.get("dissolved_oxygen");
                temps[1] = bank.get("water_temperature");
            }
        });
        assertTrue(afternoon[0] > preDawn[0] + 2, "DO 15:00 " + afternoon[0] + " vs 04:00 " + preDawn[0]);
        assertTrue(temps[1] > temps[0], "temperature peaks in the afternoon");
        assertTrue(preDawn[0] > 4, "DO stays above the low alarm: " + preDawn[0]);
        double ph = bank.get("ph");
        assertTrue(ph > 6.5 && ph < 8.5, "pH " + ph);
    }

    @Test
    void intersectionCountsFollowTheDayAndGroupsCycle() throws Exception {
        RegisterBank bank = new RegisterBank(profile("intersection"));
        Signals s = Signals.forBank(bank, 1);
        s.step(at(7, 0), 0, bank);
        double c0 = bank.get("north_vehicle_count");
        SignalDriver.advance(s, bank, at(7, 0), at(8, 0));
        double morning = bank.get("north_vehicle_count") - c0;
        SignalDriver.advance(s, bank, at(8, 0), at(23, 59));
        double c1 = bank.get("north_vehicle_count");
        SignalDriver.advance(s, bank, at(23, 59), at(23, 59).plusHours(4));
        double night = bank.get("north_vehicle_count"); // reset at midnight, counting 0:00-3:59
        assertTrue(morning > 500, "7-8h north count " + morning);
        assertTrue(night < morning, "night " + night + " vs morning hour " + morning);
        assertTrue(c1 > morning * 5, "daily total " + c1);
        // signal groups cycle through green, amber and red within one cycle
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        ZonedDateTime t = at(10, 0);
        for (int i = 0; i < 90; i++) {
            s.step(t.plusSeconds(i + 1), 1, bank);
            seen.add((int) bank.get("sg1_state"));
            assertFalse(bank.get("sg1_state") == IntersectionModel.GREEN && bank.get("sg2_state") == IntersectionModel.GREEN);
        }
        assertEquals(java.util.Set.of(1, 2, 3), seen);
    }

    @Test
    void wasteTruckLoadStepsUpAndDropsAtTheLandfill() throws Exception {
        RegisterBank bank = new RegisterBank(profile("waste-truck"));
        Signals s = Signals.forBank(bank, 5);
        WasteTruckModel truck = (WasteTruckModel) s.kindModel();
        double[] maxLoad = new double[1];
        double[] maxPressure = new double[1];
        boolean[] emptied = new boolean[1];
        run(s, bank, at(4, 30), 10, t -> {
            maxLoad[0] = Math.max(maxLoad[0], truck.load());
            maxPressure[0] = Math.max(maxPressure[0], bank.get("hydraulic_pressure"));
            if (maxLoad[0] > 5000 && truck.load() == 0) {
                emptied[0] = true;
            }
        });
        assertTrue(truck.lifts() > 50, "lifts " + truck.lifts());
        assertTrue(emptied[0], "load dropped to zero at the landfill after reaching " + maxLoad[0]);
        assertTrue(maxPressure[0] > 60 && maxPressure[0] < 180, "pressure peaks " + maxPressure[0]);
    }

    @Test
    void fishingBoatAccumulatesEngineHoursWhileRunning() throws Exception {
        RegisterBank bank = new RegisterBank(profile("fishing-boat"));
        Signals s = Signals.forBank(bank, 9);
        s.step(at(10, 0), 0, bank);
        double h0 = bank.get("engine_hours");
        SignalDriver.advance(s, bank, at(10, 0), at(15, 0));
        assertEquals(0, bank.get("engine_speed"));
        assertEquals(h0, bank.get("engine_hours"), 0.05);
        SignalDriver.advance(s, bank, at(15, 0), at(19, 0));
        assertTrue(bank.get("engine_speed") > 1000);
        assertTrue(bank.get("engine_hours") - h0 > 3, "engine hours " + bank.get("engine_hours"));
        double coolant = bank.get("coolant_temperature");
        assertTrue(coolant > 70 && coolant < 95, "coolant " + coolant);
        assertTrue(bank.get("bilge_level") < 15);
    }

    @Test
    void genericModelKeepsAnyProfileInsideItsLimits() throws Exception {
        for (String id : List.of("lake", "pump-station", "intersection", "waste-truck", "fishing-boat")) {
            RegisterBank bank = new RegisterBank(profile(id));
            Signals s = Signals.forBank(bank, 11);
            assertEquals(bank.channels().size(), s.channels().size(), id + ": every Modbus channel is driven");
        }
        // a profile of an unknown kind is simulated entirely by the generic model
        DeviceProfile mixed = TestProfiles.mixed();
        RegisterBank bank = new RegisterBank(mixed);
        Signals s = Signals.forBank(bank, 1);
        run(s, bank, at(0, 0), 2, t -> {
            for (ChannelSpec c : mixed.channels()) {
                double v = bank.get(c.name());
                assertTrue(Double.isFinite(v), c.name());
            }
        });
        assertTrue(Files.isDirectory(PROFILES));
    }

    @Test
    void driverUpdatesTheBankFromASpedUpClock() throws Exception {
        RegisterBank bank = new RegisterBank(profile("fishing-boat"));
        SimClock clock = new SimClock(at(15, 20).toInstant(), 600, SimClock.DA_NANG);
        try (SignalDriver d = new SignalDriver(Signals.forBank(bank, 2), bank, clock).start(Duration.ofMillis(50))) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> bank.get("engine_speed") > 0);
        }
    }
}
