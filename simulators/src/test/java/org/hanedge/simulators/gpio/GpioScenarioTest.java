package org.hanedge.simulators.gpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.simulators.gpio.GpioTestSupport.LineClient;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.signals.PumpStationModel;
import org.hanedge.simulators.signals.SimClock;
import org.junit.jupiter.api.Test;

class GpioScenarioTest {

    /** Steps a scenario in {@code step} simulated seconds up to {@code end}; returns the times the channel went active. */
    private static List<Double> activations(GpioScenario sc, GpioSimServer server, String channel, double end,
            double step) {
        List<Double> on = new ArrayList<>();
        boolean was = server.active(channel);
        for (double t = 0; t < end; t += step) {
            sc.advance(t, t + step, server);
            boolean now = server.active(channel);
            if (now && !was) {
                on.add(t + step);
            }
            was = now;
        }
        return on;
    }

    @Test
    void wasteTruckBinLiftFollowsTheRouteLiftTimes() throws Exception {
        DeviceProfile p = GpioTestSupport.profile("waste-truck");
        List<Double> lifts = Routes.wasteTruck().liftTimes();
        try (GpioSimServer server = new GpioSimServer(p)) {
            GpioScenario sc = GpioScenarios.create(p, "normal", null, server, 1, 0, null);
            assertTrue(sc instanceof WasteTruckLifts, String.valueOf(sc));
            double end = lifts.get(5) + 10;
            List<Double> on = activations(sc, server, "bin_lift", end, 0.5);
            assertEquals(6, on.size(), on.toString());
            for (int i = 0; i < 6; i++) {
                assertEquals(lifts.get(i), on.get(i), 0.5, "lift " + i);
            }
            // held about 4 s, then released
            assertFalse(server.active("bin_lift"));
        }
    }

    @Test
    void wasteTruckLiftOnTheWireWithASpedUpClock() throws Exception {
        DeviceProfile p = GpioTestSupport.profile("waste-truck");
        double first = Routes.wasteTruck().liftTimes().get(0);
        try (GpioSimServer server = new GpioSimServer(p).start("127.0.0.1", 0);
                LineClient c = new LineClient(server.port())) {
            c.awaitLines("in 22 1");
            GpioScenario sc = GpioScenarios.create(p, "normal", null, server, 20, first - 2, null);
            try (GpioScenarioDriver d = new GpioScenarioDriver(sc, server, new SimClock(Instant.now(), 20,
                    SimClock.DA_NANG)).start()) {
                // bin_lift BCM 22 is activeLow: active = level 0
                c.awaitLines("in 22 1", "in 22 0", "in 22 1");
                assertEquals(1, ((WasteTruckLifts) sc).lifts());
            }
        }
    }

    @Test
    void fishingBoatSosPressedAtSosAtAndOnDemand() throws Exception {
        DeviceProfile p = GpioTestSupport.profile("fishing-boat");
        try (GpioSimServer server = new GpioSimServer(p)) {
            SosButton sos = (SosButton) GpioScenarios.create(p, "normal", null, server, 1, 0, Duration.ofSeconds(90));
            List<Double> on = activations(sos, server, "sos", 89, 1);
            assertTrue(on.isEmpty());
            sos.advance(89, 90, server);
            assertTrue(server.active("sos"));
            sos.advance(90, 94.5, server);
            assertTrue(server.active("sos"), "held about 5 s");
            sos.advance(94.5, 95.5, server);
            assertFalse(server.active("sos"));
            sos.press();
            sos.advance(200, 201, server);
            assertTrue(server.active("sos"));
            sos.advance(201, 207, server);
            assertFalse(server.active("sos"));
            assertEquals(2, sos.presses());
        }
    }

    @Test
    void fishingBoatSosOnTheWireAtSosAt() throws Exception {
        DeviceProfile p = GpioTestSupport.profile("fishing-boat");
        try (GpioSimServer server = new GpioSimServer(p).start("127.0.0.1", 0);
                LineClient c = new LineClient(server.port())) {
            c.awaitLines("in 27 1");
            // at 100x, +30 s of simulated time is 0.3 s away; the press is held 5 s simulated (min 15 s at 100x)
            GpioScenario sc = GpioScenarios.create(p, "normal", null, server, 100, 0, Duration.ofSeconds(30));
            long t0 = System.nanoTime();
            try (GpioScenarioDriver d = new GpioScenarioDriver(sc, server, new SimClock(Instant.now(), 100,
                    SimClock.DA_NANG)).start()) {
                c.awaitLines("in 27 1", "in 27 0");
                double simAt = (System.nanoTime() - t0) / 1e9 * 100;
                assertTrue(simAt >= 30, "pressed at +" + simAt + " s simulated");
                c.awaitLines("in 27 1", "in 27 0", "in 27 1");
            }
        }
    }

    @Test
    void stormRainRateRisesAndRunsIntoTheWetWell() throws Exception {
        DeviceProfile p = GpioTestSupport.profile("pump-station");
        PumpStationModel model = new PumpStationModel(1);
        try (GpioSimServer server = new GpioSimServer(p)) {
            PumpStationRain storm = (PumpStationRain) GpioScenarios.create(p, "storm", model, server, 1, 0, null);
            assertEquals(PumpStationRain.STORM_PEAK, storm.rate(PumpStationRain.STORM_PEAK_S), 1e-9);
            assertTrue(storm.rate(2 * 3600) < storm.rate(PumpStationRain.STORM_PEAK_S), "easing after the peak");
            List<Double> tips = activations(storm, server, "rain_rate", 2700, 0.5);
            long early = tips.stream().filter(t -> t < 900).count();
            long late = tips.stream().filter(t -> t >= 1800).count();
            assertTrue(late > 2 * early && late > 30, "tips in first 15 min " + early + ", in 30-45 min " + late);
            // ~48 mm in 45 min at 0.2 mm per tip
            assertEquals(tips.size(), storm.pulses());
            assertTrue(tips.size() > 150 && tips.size() < 350, "tips " + tips.size());

            PumpStationRain drizzle = (PumpStationRain) GpioScenarios.create(p, "normal", null,
                    new GpioSimServer(p), 1, 0, null);
            assertEquals(PumpStationRain.DRIZZLE, drizzle.rate(PumpStationRain.STORM_PEAK_S), 1e-9);
        }
    }

    @Test
    void pumpRelayRunsThePumpAndFloatFollowsTheLevel() throws Exception {
        DeviceProfile p = GpioTestSupport.profile("pump-station");
        PumpStationModel model = new PumpStationModel(1);
        RegisterBank bank = new RegisterBank(p);
        try (GpioSimServer server = new GpioSimServer(p)) {
            PumpStationRain sc = (PumpStationRain) GpioScenarios.create(p, "storm", model, server, 1, 0, null);
            ZonedDateTime t = ZonedDateTime.of(2026, 11, 27, 3, 0, 0, 0, SimClock.DA_NANG);
            model.step(t, 0, bank);
            assertFalse(model.running(0), "level 1.2 m: below the start level");
            server.handle("out 22 1");
            model.step(t.plusSeconds(1), 1, bank);
            assertTrue(model.running(0), "relay on runs pump 1");
            server.handle("out 22 0");
            // a storm with all pumps remote-off and auto off still drains into the well until the float trips
            bank.writeCoils(0, new boolean[] {false}); // station_auto (coil 0) off by a master
            double s = 0;
            while (model.level() < 3.6 && s < 6 * 3600) {
                sc.advance(s, s + 5, server);
                model.step(t.plusSeconds((long) s + 5), 5, bank);
                s += 5;
            }
            sc.advance(s, s + 1, server);
            assertTrue(model.level() >= 3.5, "level " + model.level());
            assertTrue(server.active("high_level_float"));
        }
    }
}
