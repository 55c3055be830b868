package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A remote command cannot run a pump dry: the fleet sends {@code cmd/write pump1_run=true} over MQTT; while the
 * simulated wet well is below the dry-run limit the gateway refuses it (the relay stays off) and reports the refusal
 * in the response and as an event; once the well has filled, the same command switches the relay on.
 */
class InterlockIT {
    private static final String GATEWAY = "gw-interlock-it";

    @TempDir
    Path dir;

    @Test
    void pumpCommandRefusedWhileTheWetWellIsBelowTheDryRunLimit() throws Exception {
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "pump-station");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "pump-station"));
        SimulatedSite.fill(bank, 0);
        bank.set("wet_well_level", 0.3);
        try (ModbusTcpSlave plc = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
                MosquittoBroker broker = MosquittoBroker.create(dir.resolve("broker")).start();
                UplinkSubscriber fleet = new UplinkSubscriber(broker.uri(), "fleet-server")) {
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: ps-plc, profile: pump-station, modbus: { transport: tcp, port: %d } }
                      - { id: ps-io, profile: pump-station, gpio: { provider: mock } }
                    uplink: { broker: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    """.formatted(GATEWAY, plc.port(), broker.uri()));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("low wet-well level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(0.3,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));
                await("gateway online").atMost(ofSeconds(30))
                        .until(() -> !fleet.messages(GATEWAY, "state").isEmpty());

                fleet.command(GATEWAY, "write", """
                        {"device": "ps-io", "channel": "pump1_run", "value": true, "origin": "server:operator-lan"}
                        """, "run-dry");
                JsonNode refused = await("refusal").atMost(ofSeconds(20)).until(
                        () -> fleet.response("run-dry"), Optional::isPresent).orElseThrow();
                assertEquals("REFUSED_INTERLOCK", refused.get("status").asText(), refused.toString());
                assertTrue(refused.get("reason").asText().contains("wet_well_level"), refused.toString());
                await("refusal reported as an event").atMost(ofSeconds(20)).until(() -> fleet.messages(GATEWAY,
                        "event").stream().anyMatch(e -> "REFUSED_INTERLOCK".equals(e.path("status").asText())
                                && "pump1_run".equals(e.path("channel").asText())));
                assertTrue(gateway.latest("ps-io", "pump1_run").map(r -> Boolean.FALSE.equals(r.value()))
                        .orElse(true), "the relay must stay off");

                bank.set("wet_well_level", 2.4);
                await("well filled").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(2.4,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));
                fleet.command(GATEWAY, "write", """
                        {"device": "ps-io", "channel": "pump1_run", "value": true}
                        """, "run-ok");
                JsonNode done = await("command done").atMost(ofSeconds(20)).until(
                        () -> fleet.response("run-ok"), Optional::isPresent).orElseThrow();
                assertEquals("DONE", done.get("status").asText(), done.toString());
                await("relay on").atMost(ofSeconds(10)).untilAsserted(() -> {
                    Reading relay = gateway.reading("ps-io", "pump1_run");
                    assertEquals(Quality.GOOD, relay.quality(), relay.toString());
                    assertEquals(Boolean.TRUE, relay.value(), relay.toString());
                });
                assertEquals(List.of(), fleet.errors());
            }
        }
    }
}
