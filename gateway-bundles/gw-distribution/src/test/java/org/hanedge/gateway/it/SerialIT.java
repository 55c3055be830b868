package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.simulators.PtyPair;
import org.hanedge.simulators.serial.NmeaGps;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.serial.ScaleIndicator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A waste truck's gateway in a real Felix framework reads its GPS (NMEA 0183 at 4800 baud) and its scale indicator
 * (an ASCII weight stream) over socat pseudo-terminals, as two serial devices configured from the site file, and its
 * bin-lift switch through the GPIO driver (Pi4J's mock provider stands in for the pins).
 */
class SerialIT {
    @TempDir
    Path dir;

    @Test
    void wasteTruckPositionAndWeightArriveFromSerialDevices() throws Exception {
        Route round = Routes.wasteTruck();
        try (PtyPair gpsLine = PtyPair.open(dir.resolve("gps"), dir.resolve("gps.sim"));
                PtyPair scaleLine = PtyPair.open(dir.resolve("scale"), dir.resolve("scale.sim"));
                NmeaGps gps = new NmeaGps(round, "GN", 20, 0);
                ScaleIndicator scale = new ScaleIndicator(round, 20, 0)) {
            gps.start(gpsLine.b().toString(), 4800);
            scale.start(scaleLine.b().toString(), 9600);
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: gw-truck-it }
                    profiles: %s
                    devices:
                      - { id: truck-gps, profile: waste-truck, serial: { port: '%s', baud: 4800, protocol: nmea } }
                      - { id: truck-scale, profile: waste-truck, serial: { port: '%s', baud: 9600, protocol: ascii } }
                      - { id: truck-io, profile: waste-truck, gpio: { provider: mock } }
                    """.formatted(FelixGateway.profilesDir(), gpsLine.a(), scaleLine.a()));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("a GPS fix inside Da Nang").atMost(ofSeconds(30)).untilAsserted(() -> {
                    Reading lat = gateway.reading("truck-gps", "position_lat");
                    Reading lon = gateway.reading("truck-gps", "position_lon");
                    assertEquals(Quality.GOOD, lat.quality(), lat.toString());
                    assertTrue(lat.numberValue() > 15.9 && lat.numberValue() < 16.2, lat.toString());
                    assertTrue(lon.numberValue() > 108.0 && lon.numberValue() < 108.4, lon.toString());
                    Route.State now = round.at(gps.routeTime());
                    assertTrue(Route.distanceM(lat.numberValue(), lon.numberValue(), now.lat(), now.lon()) < 500,
                            "reported " + lat.numberValue() + "," + lon.numberValue() + " route at " + now);
                });
                await("the scale's weight").atMost(ofSeconds(30)).untilAsserted(() -> {
                    Reading weight = gateway.reading("truck-scale", "gross_weight");
                    assertEquals(Quality.GOOD, weight.quality(), weight.toString());
                    assertTrue(weight.numberValue() >= 0 && weight.numberValue() < 20_000, weight.toString());
                });
                assertTrue(gateway.latest("truck-scale", "position_lat").isEmpty(),
                        "the ascii device must not serve the GPS channels");
                await("the bin-lift switch's state from GPIO (Pi4J mock provider)").atMost(ofSeconds(30))
                        .untilAsserted(() -> {
                            Reading lift = gateway.reading("truck-io", "bin_lift");
                            assertEquals(Quality.GOOD, lift.quality(), lift.toString());
                            assertTrue(lift.value() instanceof Boolean, lift.toString());
                        });
                assertEquals(java.util.List.of("truck-gps", "truck-io", "truck-scale"), gateway.devices());
            }
        }
    }
}
