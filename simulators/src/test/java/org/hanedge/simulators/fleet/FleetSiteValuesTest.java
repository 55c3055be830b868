package org.hanedge.simulators.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hanedge.sites.GatewayCredential;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Site-specific values on the wire: virtual trucks, boats and pump stations against a real mosquitto. */
class FleetSiteValuesTest {
    static final Path PROFILES = Path.of("..", "device-profiles");
    static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path tmp;

    static VirtualFleet.Builder fleet(MosquittoBroker broker, double speed, GatewayCredential... gateways)
            throws FleetConfigException {
        // one pack of 20 records every 100 ms: every channel of these profiles once per pack
        return VirtualFleet.builder().broker(broker.uri()).gateways(List.of(gateways)).profiles(PROFILES)
                .readingsPerSecond(200).publishInterval(Duration.ofMillis(100)).speed(speed).nettyThreads(2)
                .schedulerThreads(1);
    }

    static List<Double> values(UplinkSubscriber uplink, String gateway, String channel) {
        return uplink.records(gateway).stream().filter(r -> r.channel().equals(channel))
                .map(r -> r.value().asDouble()).toList();
    }

    static String position(UplinkSubscriber uplink, String gateway) {
        return values(uplink, gateway, "position_lat").get(0) + "," + values(uplink, gateway, "position_lon").get(0);
    }

    @Test
    void aVirtualWasteTruckDrivesItsRoundInDaNang() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                UplinkSubscriber uplink = new UplinkSubscriber(broker.uri(), "uplink-truck")) {
            // 60x: 6 simulated seconds per pack, so the truck moves between packs while it drives
            try (VirtualFleet f = fleet(broker, 60, GatewayCredential.of("VT-1", "pw", "waste-truck")).build()) {
                f.start();
                await().atMost(WAIT).until(() -> values(uplink, "VT-1", "position_lat").stream().distinct().count()
                        >= 5 && values(uplink, "VT-1", "position_lon").stream().distinct().count() >= 5);
            }
            List<Double> lat = values(uplink, "VT-1", "position_lat");
            List<Double> lon = values(uplink, "VT-1", "position_lon");
            assertTrue(lat.stream().allMatch(v -> v > 15.95 && v < 16.15), lat.toString());
            assertTrue(lon.stream().allMatch(v -> v > 108.05 && v < 108.30), lon.toString());
            assertTrue(values(uplink, "VT-1", "speed").stream().allMatch(v -> v >= 0 && v <= 45));
            assertEquals(List.of(), uplink.errors());
        }
    }

    @Test
    void twoVirtualBoatsAreAtDifferentPointsOfTheirTrips() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                UplinkSubscriber uplink = new UplinkSubscriber(broker.uri(), "uplink-boats");
                VirtualFleet f = fleet(broker, 1, GatewayCredential.of("VB-6", "pw", "fishing-boat"),
                        GatewayCredential.of("VB-7", "pw", "fishing-boat")).build()) {
            f.start();
            // a boat without a GPS fix sends no position; these two (ids seed their trips) are out at sea, 30 and
            // 38 km from the harbour, with a fix
            await().atMost(WAIT).until(() -> !values(uplink, "VB-6", "position_lat").isEmpty()
                    && !values(uplink, "VB-7", "position_lat").isEmpty()
                    && !values(uplink, "VB-6", "position_lon").isEmpty()
                    && !values(uplink, "VB-7", "position_lon").isEmpty());
            assertNotEquals(position(uplink, "VB-6"), position(uplink, "VB-7"));
            for (String gw : List.of("VB-6", "VB-7")) {
                assertTrue(values(uplink, gw, "position_lat").stream().allMatch(v -> v > 16.0 && v < 16.8));
                assertTrue(values(uplink, gw, "position_lon").stream().allMatch(v -> v > 108.2 && v < 109.3));
            }
        }
    }

    @Test
    void inAStormAVirtualPumpStationsWetWellRisesAboveTheHighLimit() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                UplinkSubscriber uplink = new UplinkSubscriber(broker.uri(), "uplink-storm");
                // 1000x: the storm peaks 2.7 s after the start
                VirtualFleet f = fleet(broker, 1000, GatewayCredential.of("VP-1", "pw", "pump-station"))
                        .storm(true).build()) {
            f.start();
            await().atMost(WAIT).until(() -> values(uplink, "VP-1", "wet_well_level").stream()
                    .anyMatch(v -> v > 3.5));
            await().atMost(WAIT).until(() -> values(uplink, "VP-1", "rain_rate").stream().anyMatch(v -> v > 50));
            await().atMost(WAIT).until(() -> uplink.records("VP-1").stream()
                    .anyMatch(r -> r.channel().equals("high_level_float") && r.value().asBoolean()));
        }
    }

    @Test
    void inNormalWeatherAVirtualPumpStationsWetWellStaysInsideItsBand() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp).start();
                UplinkSubscriber uplink = new UplinkSubscriber(broker.uri(), "uplink-calm");
                VirtualFleet f = fleet(broker, 1000, GatewayCredential.of("VP-2", "pw", "pump-station")).build()) {
            f.start();
            // two simulated hours: past the time a storm would have peaked
            await().atMost(WAIT).until(() -> values(uplink, "VP-2", "wet_well_level").size() >= 72);
            List<Double> level = values(uplink, "VP-2", "wet_well_level");
            assertTrue(level.stream().allMatch(v -> v >= 0.5 && v <= 3.5), level.toString());
            assertTrue(level.stream().distinct().count() > 5, "the level moves: " + level);
            assertTrue(values(uplink, "VP-2", "rain_rate").stream().allMatch(v -> v < 1));
            assertFalse(uplink.records("VP-2").stream()
                    .anyMatch(r -> r.channel().equals("high_level_float") && r.value().asBoolean()));
        }
    }
}
