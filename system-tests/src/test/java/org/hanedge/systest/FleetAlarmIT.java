package org.hanedge.systest;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.it.FelixGateway;
import org.hanedge.gateway.it.SimulatedSite;
import org.hanedge.simulators.link.LinkRelay;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 8's acceptance test: a pump station's gateway (real Felix runtime, the distribution's bundles) reads its
 * simulated PLC over Modbus and drives its relays; the uplink to the fleet server (its own process) is cut; the wet
 * well rises above the high level; the gateway raises its high-level alarm and starts the standby pump on its own,
 * buffering the alarm; the link returns and the server shows exactly one high-level alarm, raised at the time it
 * happened, then its clear once the well is back to normal.
 */
class FleetAlarmIT {
    private static final String GATEWAY = "PS-ALARM-IT";
    private static final String HIGH = "ps-plc/wet_well_level/HIGH";

    @TempDir
    Path dir;

    @Test
    void alarmRaisedAndPumpStartedOfflineThenReportedOnce() throws Exception {
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site_id,kind,name,name_local,district,lat,lon,profile,note\n" + GATEWAY
                + ",pump-station,Hoa Xuan drainage,Trạm bơm Hòa Xuân,Cam Le,16.0,108.22,pump-station,storm drainage\n",
                StandardCharsets.UTF_8);
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "pump-station");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "pump-station"));
        SimulatedSite.fill(bank, 0);
        bank.set("wet_well_level", 2.0);
        try (FleetServerProcess server = FleetServerProcess.start(Path.of(System.getProperty("hanedge.fleet.jar")),
                dir.resolve("fleet"), FelixGateway.profilesDir(), sites, "512m");
                LinkRelay link = LinkRelay.onFreePort("127.0.0.1", server.mqttPort());
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
                    """.formatted(GATEWAY, plc.port(), link.port(), GATEWAY, password));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("gateway online").atMost(ofSeconds(60))
                        .until(() -> server.get("/api/v1/gateways/" + GATEWAY).get("online").asBoolean());
                await("normal level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(2.0,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));

                link.cut();
                await("the server sees the gateway go offline (Last Will)").atMost(ofSeconds(90))
                        .until(() -> !server.get("/api/v1/gateways/" + GATEWAY).get("online").asBoolean());
                Instant rise = Instant.now();
                bank.set("wet_well_level", 3.8);
                await("standby pump started locally, without the uplink").atMost(ofSeconds(60))
                        .until(() -> Boolean.TRUE.equals(gateway.reading("ps-io", "pump3_run").value()));
                await("high-level alarm buffered at alarm priority").atMost(ofSeconds(30))
                        .until(() -> gateway.outboxStats().pending().getOrDefault(Priority.ALARM, 0L) > 0);
                assertEquals(List.of(), alarms(server, HIGH), "nothing reached the server while the link was cut");

                Instant restored = Instant.now();
                link.restore();
                await("the alarm reaches the server once the link is back").atMost(ofSeconds(60))
                        .until(() -> alarms(server, HIGH).size() == 1);
                JsonNode alarm = alarms(server, HIGH).get(0);
                Instant raised = Instant.parse(alarm.get("raisedAt").asText());
                assertTrue(!raised.isBefore(rise.minusSeconds(1)) && raised.isBefore(restored),
                        "raised at the time it happened, not when it was delivered: " + alarm);
                assertEquals("RAISED", alarm.get("state").asText(), alarm.toString());

                bank.set("wet_well_level", 2.0);
                await("the alarm clears once the well is back to normal").atMost(ofSeconds(120))
                        .until(() -> "CLEARED".equals(alarms(server, HIGH).get(0).get("state").asText()));
                assertEquals(1, alarms(server, HIGH).size(), "exactly one high-level alarm: " + alarms(server, HIGH));
            }
        }
    }

    private static List<JsonNode> alarms(FleetServerProcess server, String key) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode a : server.get("/api/v1/alarms?state=ALL&gateway=" + GATEWAY + "&size=500").get("items")) {
            if (key.equals(a.path("alarmKey").asText(a.path("key").asText()))) {
                out.add(a);
            }
        }
        return out;
    }
}
