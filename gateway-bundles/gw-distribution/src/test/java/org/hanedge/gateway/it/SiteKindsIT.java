package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.ReadingListener;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.simulators.PtyPair;
import org.hanedge.simulators.gpio.GpioScenarioDriver;
import org.hanedge.simulators.gpio.GpioSimServer;
import org.hanedge.simulators.gpio.WasteTruckLifts;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.simulators.serial.NmeaGps;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.serial.ScaleIndicator;
import org.hanedge.simulators.signals.SignalDriver;
import org.hanedge.simulators.signals.Signals;
import org.hanedge.simulators.signals.SimClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway runtime with the waste-truck and fishing-boat profiles against all their simulators — Modbus controllers,
 * NMEA GPS and a scale indicator on serial lines, GPIO switches over the rig's GPIO link — produces position, weight,
 * bin-lift events, engine hours and SOS readings with the simulated values.
 */
class SiteKindsIT {
    private static final double SPEED = 10;
    private static final double ROUND_START_S = 160; // just before the first bin lift of the round

    @TempDir
    Path dir;

    @Test
    void wasteTruckAndFishingBoatReadingsMatchTheirSimulators() throws Exception {
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "waste-truck", "fishing-boat");
        DeviceProfile truck = SimulatedSite.load(profiles, "waste-truck");
        DeviceProfile boat = SimulatedSite.load(profiles, "fishing-boat");
        RegisterBank truckBank = new RegisterBank(truck);
        RegisterBank boatBank = new RegisterBank(boat);
        Route round = Routes.wasteTruck();
        Route trip = Routes.fishingBoat();
        List<AutoCloseable> rig = new ArrayList<>();
        try {
            rig.add(new SignalDriver(Signals.forBank(truckBank, 7), truckBank, SimClock.realTime(SPEED)).start());
            rig.add(new SignalDriver(Signals.forBank(boatBank, 7), boatBank, SimClock.realTime(SPEED)).start());
            ModbusTcpSlave truckPlc = add(rig, new ModbusTcpSlave(truckBank, 1).start("127.0.0.1", 0));
            ModbusTcpSlave boatEcu = add(rig, new ModbusTcpSlave(boatBank, 1).start("127.0.0.1", 0));
            PtyPair truckGpsLine = add(rig, PtyPair.open(dir.resolve("truck-gps"), dir.resolve("truck-gps.sim")));
            PtyPair scaleLine = add(rig, PtyPair.open(dir.resolve("scale"), dir.resolve("scale.sim")));
            PtyPair boatGpsLine = add(rig, PtyPair.open(dir.resolve("boat-gps"), dir.resolve("boat-gps.sim")));
            NmeaGps truckGps = add(rig, new NmeaGps(round, "GN", SPEED, ROUND_START_S));
            truckGps.start(truckGpsLine.b().toString(), 4800);
            ScaleIndicator scale = add(rig, new ScaleIndicator(round, SPEED, ROUND_START_S));
            scale.start(scaleLine.b().toString(), 9600);
            NmeaGps boatGps = add(rig, new NmeaGps(trip, "GP", SPEED, 0));
            boatGps.start(boatGpsLine.b().toString(), 4800);
            GpioSimServer truckIo = add(rig, new GpioSimServer(truck).start("127.0.0.1", 0));
            GpioSimServer boatIo = add(rig, new GpioSimServer(boat).start("127.0.0.1", 0));
            rig.add(new GpioScenarioDriver(new WasteTruckLifts("bin_lift", round, ROUND_START_S,
                    WasteTruckLifts.HOLD_S), truckIo, SimClock.realTime(SPEED)).start());

            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: gw-kinds-it }
                    profiles: profiles
                    devices:
                      - { id: truck-body, profile: waste-truck, modbus: { transport: tcp, port: %d } }
                      - { id: truck-gps, profile: waste-truck, serial: { port: '%s', baud: 4800, protocol: nmea } }
                      - { id: truck-scale, profile: waste-truck, serial: { port: '%s', baud: 9600, protocol: ascii } }
                      - { id: truck-io, profile: waste-truck, gpio: { provider: sim, simAddress: '127.0.0.1:%d' } }
                      - { id: boat-engine, profile: fishing-boat, modbus: { transport: tcp, port: %d } }
                      - { id: boat-gps, profile: fishing-boat, serial: { port: '%s', baud: 4800, protocol: nmea } }
                      - { id: boat-io, profile: fishing-boat, gpio: { provider: sim, simAddress: '127.0.0.1:%d' } }
                    """.formatted(truckPlc.port(), truckGpsLine.a(), scaleLine.a(), truckIo.port(), boatEcu.port(),
                    boatGpsLine.a(), boatIo.port()));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                List<Reading> lifts = new CopyOnWriteArrayList<>();
                gateway.context().registerService(ReadingListener.class, batch -> batch.stream()
                        .filter(r -> r.channel().equals("bin_lift") && Boolean.TRUE.equals(r.value()))
                        .forEach(lifts::add), null);

                await("truck position on its round").atMost(ofSeconds(30))
                        .untilAsserted(() -> assertNear(gateway, "truck-gps", round, truckGps.routeTime()));
                await("boat position in Thọ Quang").atMost(ofSeconds(30))
                        .untilAsserted(() -> assertNear(gateway, "boat-gps", trip, boatGps.routeTime()));

                await("bin lifts reported as events").atMost(ofSeconds(30)).until(() -> lifts.size() >= 2);
                await("weight after the lifts, as the indicator shows it").atMost(ofSeconds(30)).untilAsserted(() -> {
                    Reading weight = gateway.reading("truck-scale", "gross_weight");
                    assertEquals(Quality.GOOD, weight.quality(), weight.toString());
                    assertTrue(weight.numberValue() > 0, weight.toString());
                    assertTrue(shownRecently(round, scale.routeTime(), weight.numberValue()),
                            weight + " is no load the round had in the last 30 s (now " + scale.routeTime() + " s)");
                });

                await("engine hours from the engine gateway").atMost(ofSeconds(30)).untilAsserted(() -> {
                    Reading hours = gateway.reading("boat-engine", "engine_hours");
                    assertEquals(Quality.GOOD, hours.quality(), hours.toString());
                    assertEquals(boatBank.get("engine_hours"), hours.numberValue(), 0.2, hours.toString());
                });

                await("SOS button idle").atMost(ofSeconds(30)).untilAsserted(
                        () -> assertEquals(Boolean.FALSE, gateway.reading("boat-io", "sos").value()));
                boatIo.set("sos", true);
                await("SOS pressed").atMost(ofSeconds(10)).untilAsserted(
                        () -> assertEquals(Boolean.TRUE, gateway.reading("boat-io", "sos").value()));
                boatIo.set("sos", false);
                await("SOS released").atMost(ofSeconds(10)).untilAsserted(
                        () -> assertEquals(Boolean.FALSE, gateway.reading("boat-io", "sos").value()));
            }
        } finally {
            for (int i = rig.size() - 1; i >= 0; i--) {
                rig.get(i).close();
            }
        }
    }

    private static <T extends AutoCloseable> T add(List<AutoCloseable> rig, T part) {
        rig.add(part);
        return part;
    }

    /** The latest GPS position lies on the route within the last few simulated seconds' travel. */
    private static void assertNear(FelixGateway gateway, String device, Route route, double routeTime) {
        Reading lat = gateway.reading(device, "position_lat");
        Reading lon = gateway.reading(device, "position_lon");
        assertEquals(Quality.GOOD, lat.quality(), lat.toString());
        Route.State now = route.at(routeTime);
        double metres = Route.distanceM(lat.numberValue(), lon.numberValue(), now.lat(), now.lon());
        assertTrue(metres < 500, device + " at " + lat.numberValue() + "," + lon.numberValue() + " is " + metres
                + " m from the route's " + now);
    }

    private static boolean shownRecently(Route route, double routeTime, double kg) {
        for (double t = Math.max(0, routeTime - 30); t <= routeTime; t += 0.5) {
            if (Math.abs(route.at(t).loadKg() - kg) < 0.1) {
                return true;
            }
        }
        return false;
    }
}
