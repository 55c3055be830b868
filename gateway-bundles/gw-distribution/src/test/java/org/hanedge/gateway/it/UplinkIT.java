package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway runtime (real Felix, the distribution's bundles) forwards a simulated lake sonde's readings through its
 * durable outbox to a real mosquitto broker; the broker goes away and comes back, and every reading arrives once
 * after dedup by sequence number.
 */
class UplinkIT {
    private static final String GATEWAY = "gw-uplink-it";

    @TempDir
    Path dir;

    @Test
    void brokerOutageLosesNothingAndTheBacklogDrains() throws Exception {
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        Map<String, Object> expected = SimulatedSite.fill(bank, 2);
        try (ModbusTcpSlave lake = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
                MosquittoBroker broker = MosquittoBroker.create(dir.resolve("broker")).persistent().start();
                UplinkSubscriber backend = new UplinkSubscriber(broker.uri(), "city-backend")) {
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: lake-it, profile: lake, modbus: { transport: tcp, port: %d } }
                    uplink: { broker: '%s', reconnectMin: 200ms, reconnectMax: 1s, statsInterval: 1s }
                    outbox: { directory: outbox, commitDelay: 50ms }
                    """.formatted(GATEWAY, lake.port(), broker.uri()));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("telemetry flows").atMost(ofSeconds(30)).until(() -> backend.seqs(GATEWAY).size() >= 24);
                double ph = (Double) expected.get("ph");
                assertTrue(backend.records(GATEWAY).stream().anyMatch(r -> r.device().equals("lake-it")
                        && r.channel().equals("ph") && Math.abs(r.value().asDouble() - ph) < 1e-6
                        && "pH".equals(r.unit())), backend.records(GATEWAY).toString());
                JsonNode birth = last(backend.messages(GATEWAY, "state")).orElseThrow();
                assertTrue(birth.get("online").asBoolean(), birth.toString());
                assertEquals(bank.profile().version(), birth.get("profiles").get("lake").asText(), birth.toString());

                broker.stop();
                long before = lastSeq(gateway);
                await("readings buffered while the broker is away").atMost(ofSeconds(30))
                        .until(() -> gateway.outboxStats().totalPending() >= 60 && lastSeq(gateway) > before + 60);
                broker.start();

                await("backlog drained").atMost(ofSeconds(60)).until(() -> gateway.outboxStats().totalPending() < 24
                        && backend.seqs(GATEWAY).size() > before + 60);
                long last = lastSeq(gateway);
                await("every sequence number up to " + last + " received").atMost(ofSeconds(30))
                        .until(() -> backend.seqs(GATEWAY).size() >= last);
                assertEquals(Optional.empty(), backend.firstGap(GATEWAY), "a reading was lost");
                assertEquals(List.of(), backend.errors());
                await("stats report the outbox").atMost(ofSeconds(10)).until(
                        () -> last(backend.messages(GATEWAY, "stats")).map(s -> s.has("outbox")).orElse(false));
            }
        }
    }

    private static Optional<JsonNode> last(List<JsonNode> messages) {
        return messages.isEmpty() ? Optional.empty() : Optional.of(messages.get(messages.size() - 1));
    }

    private static long lastSeq(FelixGateway gateway) {
        return gateway.outboxStats().lastSeq();
    }
}
