package org.hanedge.systest;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.hanedge.gateway.it.FelixGateway;
import org.hanedge.gateway.it.SimulatedSite;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15's commands end to end: the fleet server's jar (its own process, demo accounts) and PS-01's gateway (real
 * Felix runtime, the distribution's bundles) reading its simulated station PLC over Modbus TCP and driving its relay
 * board (GPIO, mock provider). An operator's command through the REST API to run pump 1 is refused by the profile's
 * dry-run interlock while the simulated wet well is low, and done once it is high; both are in the command log.
 */
class CommandIT {
    private static final String GATEWAY = "PS-01";
    private static final String RUN_PUMP_1 = "{\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,"
            + "\"reason\":\"CommandIT\"}";

    @TempDir
    Path dir;

    @Test
    void runningPumpOneIsRefusedAtALowWetWellAndDoneAtAHighOne() throws Exception {
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site_id,kind,name,name_local,district,lat,lon,profile,note\n" + GATEWAY
                + ",pump-station,Hoa Cuong WWTP,,Hai Chau,16.06175,108.20638,pump-station,CommandIT\n",
                StandardCharsets.UTF_8);
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "pump-station");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "pump-station"));
        SimulatedSite.fill(bank, 0);
        bank.set("wet_well_level", 0.3);
        try (FleetServerProcess server = FleetServerProcess.start(Path.of(System.getProperty("hanedge.fleet.jar")),
                dir.resolve("fleet"), FelixGateway.profilesDir(), sites, "512m");
                ModbusTcpSlave plc = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            String password = server.post("/api/v1/admin/gateways/" + GATEWAY + "/mqtt-credential", "{}")
                    .get("password").asText();
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: ps-plc, profile: pump-station, modbus: { transport: tcp, port: %d } }
                      - { id: ps-io, profile: pump-station, gpio: { provider: mock } }
                    uplink: { broker: 'tcp://127.0.0.1:%d', username: %s, password: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    outbox: { directory: outbox, commitDelay: 50ms }
                    """.formatted(GATEWAY, plc.port(), server.mqttPort(), GATEWAY, password));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("gateway online with its devices").atMost(ofSeconds(60)).until(() -> {
                    JsonNode g = server.get("/api/v1/gateways/" + GATEWAY);
                    return g.path("online").asBoolean() && g.path("devices").has("ps-io");
                });
                await("low level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(0.3,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));

                FleetServerProcess.Answer refused = command(server, RUN_PUMP_1);
                assertEquals(200, refused.status(), refused.json().toString());
                assertEquals("REFUSED_INTERLOCK", refused.json().path("status").asText(), refused.json().toString());
                String why = refused.json().path("answerReason").asText();
                assertTrue(why.contains("dry-run protection") && why.contains("wet_well_level is 0.3"), why);
                assertFalse(Boolean.TRUE.equals(gateway.reading("ps-io", "pump1_run").value()), "pump 1 stays off");

                bank.set("wet_well_level", 2.0);
                await("high level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(2.0,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));
                FleetServerProcess.Answer done = command(server, RUN_PUMP_1);
                assertEquals(200, done.status(), done.json().toString());
                assertEquals("DONE", done.json().path("status").asText(), done.json().toString());
                await("pump 1's relay on").atMost(ofSeconds(10))
                        .until(() -> Boolean.TRUE.equals(gateway.reading("ps-io", "pump1_run").value()));

                JsonNode log = server.get("/api/v1/gateways/" + GATEWAY + "/commands");
                assertEquals(2, log.path("total").asLong(), log.toString());
                assertEquals(done.json().path("id").asText(), log.path("items").get(0).path("id").asText());
                assertEquals("DONE", log.path("items").get(0).path("status").asText());
                assertEquals("REFUSED_INTERLOCK", log.path("items").get(1).path("status").asText());
                assertEquals("operator", log.path("items").get(1).path("operator").asText());
                assertEquals(why, log.path("items").get(1).path("answerReason").asText());
            }
        }
    }

    private static FleetServerProcess.Answer command(FleetServerProcess server, String body) throws Exception {
        return server.as("operator", "POST", "/api/v1/gateways/" + GATEWAY + "/commands", body);
    }
}
