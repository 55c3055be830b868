package org.hanedge.systest;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.hanedge.gateway.it.FelixGateway;
import org.hanedge.gateway.it.SimulatedSite;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway runtime (real Felix, the distribution's bundles) reading a simulated lake sonde, pointed at the fleet
 * server (its own process, embedded broker): it is refused without a credential, then with the credential the
 * server issued it appears online and its readings are queryable through the REST API.
 */
class FleetIT {
    private static final String GATEWAY = "LAKE-FLEET-IT";

    @TempDir
    Path dir;

    @Test
    void aGatewayAppearsOnlineAndItsReadingsAreQueryable() throws Exception {
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site_id,kind,name,name_local,district,lat,lon,profile,note\n" + GATEWAY
                + ",lake,Thac Gian lake,Hồ Thạc Gián,Thanh Khe,16.0632,108.2085,lake,monitored\n", StandardCharsets.UTF_8);
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        Map<String, Object> expected = SimulatedSite.fill(bank, 3);
        try (FleetServerProcess server = FleetServerProcess.start(
                Path.of(System.getProperty("hanedge.fleet.jar")), dir.resolve("fleet"), FelixGateway.profilesDir(),
                sites, "512m");
                ModbusTcpSlave lake = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            JsonNode gw = server.get("/api/v1/gateways/" + GATEWAY);
            assertEquals("Hồ Thạc Gián", gw.get("nameLocal").asText());
            assertEquals(false, gw.get("online").asBoolean());
            String password = server.post("/api/v1/admin/gateways/" + GATEWAY + "/mqtt-credential", "{}")
                    .get("password").asText();
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: lake-sonde, profile: lake, modbus: { transport: tcp, port: %d } }
                    uplink: { broker: '%s', username: %s, password: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    outbox: { directory: outbox, commitDelay: 50ms }
                    """.formatted(GATEWAY, lake.port(), server.brokerUri(), GATEWAY, password));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("gateway online in the registry").atMost(ofSeconds(30))
                        .until(() -> server.get("/api/v1/gateways/" + GATEWAY).get("online").asBoolean());
                JsonNode online = server.get("/api/v1/gateways/" + GATEWAY);
                assertEquals("lake", online.get("profile").asText(), online.toString());
                assertEquals("lake@" + bank.profile().version(), online.get("devices").get("lake-sonde").asText(),
                        online.toString());

                double ph = (Double) expected.get("ph");
                JsonNode[] seen = new JsonNode[1];
                await("the sonde's pH queryable").atMost(ofSeconds(30)).until(() -> {
                    for (JsonNode v : server.get("/api/v1/gateways/" + GATEWAY + "/latest")) {
                        if (v.get("channel").asText().equals("ph") && v.hasNonNull("value")) {
                            seen[0] = v;
                            return true;
                        }
                    }
                    return false;
                });
                assertEquals(ph, seen[0].get("value").asDouble(), 1e-6, seen[0].toString());
                assertEquals("pH", seen[0].get("unit").asText());

                // the raw series holds readings taken within the last minutes, at the reading's own time
                Instant from = Instant.now().minusSeconds(300);
                JsonNode series = server.get("/api/v1/gateways/" + GATEWAY + "/series?device=lake-sonde&channel=ph&from="
                        + from + "&step=PT1S");
                assertTrue(series.get("points").size() > 0, series.toString());

                // how long a reading takes from being taken to being queryable (reported, not asserted): poll the
                // latest values and note when each new reading time first shows up
                java.util.List<Long> delays = new java.util.ArrayList<>();
                long last = freshest(server);
                long end = System.currentTimeMillis() + 10_000;
                while (System.currentTimeMillis() < end) {
                    long t = freshest(server);
                    if (t > last) {
                        delays.add(System.currentTimeMillis() - t);
                        last = t;
                    }
                }
                java.util.Collections.sort(delays);
                System.out.println("FleetIT: reading taken -> queryable through the API, ms: " + delays.size()
                        + " readings, median " + delays.get(delays.size() / 2) + ", max " + delays.get(delays.size() - 1));
            }
            assertTrue(!server.log().contains(password), "the gateway's password appears in the server log");
        }
    }

    private static long freshest(FleetServerProcess server) throws Exception {
        long newest = 0;
        for (JsonNode v : server.get("/api/v1/gateways/" + GATEWAY + "/latest")) {
            if (v.hasNonNull("time")) {
                newest = Math.max(newest, Instant.parse(v.get("time").asText()).toEpochMilli());
            }
        }
        return newest;
    }
}
