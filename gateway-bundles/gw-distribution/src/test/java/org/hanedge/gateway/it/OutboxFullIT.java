package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A small outbox fills while the broker refuses the gateway's credential (a misconfigured password): acquisition goes
 * on, the oldest telemetry is dropped to make room (policy drop-oldest) and the disk use stays within the limit. Once
 * the site config carries the right password (applied at run time), the drop counters reach the fleet in the stats
 * message and the readings that were kept are delivered, the oldest first.
 */
class OutboxFullIT {
    private static final String GATEWAY = "gw-full-it";

    @TempDir
    Path dir;

    @Test
    void fullOutboxDropsOldestTelemetryAndReportsIt() throws Exception {
        Path profiles = SimulatedSite.profilesPolledEvery("200ms", dir.resolve("profiles"), "intersection");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "intersection"));
        SimulatedSite.fill(bank, 0);
        try (ModbusTcpSlave junction = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
                MosquittoBroker broker = MosquittoBroker.create(dir.resolve("broker"))
                        .withPasswords(GATEWAY, "right-pass", "city-backend", "backend-pass").start();
                UplinkSubscriber backend = new UplinkSubscriber(broker.uri(), "city-backend", "city-backend",
                        "backend-pass")) {
            Path site = dir.resolve("site.yaml");
            String config = """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: junction-full, profile: intersection, modbus: { transport: tcp, port: %d } }
                    uplink: { broker: '%s', username: %s, password: PASSWORD, reconnectMin: 200ms,
                              reconnectMax: 500ms, statsInterval: 1s }
                    outbox: { maxSize: 64KiB, policy: drop-oldest, commitDelay: 50ms }
                    """.formatted(GATEWAY, junction.port(), broker.uri(), GATEWAY);
            Files.writeString(site, config.replace("PASSWORD", "wrong-pass"));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"))) {
                await("outbox full, oldest telemetry dropped").atMost(ofSeconds(60)).until(() -> drops(gateway) > 0);
                OutboxStats full = gateway.outboxStats();
                assertTrue(full.bytesOnDisk() <= full.capacityBytes(), full.toString());
                assertEquals(0L, full.drops().getOrDefault(DropReason.FULL_REJECTED, 0L), full.toString());

                assertTrue(backend.seqs(GATEWAY).isEmpty(), "nothing may pass with a wrong password");

                Files.writeString(site, config.replace("PASSWORD", "right-pass"));
                await("drop counters reported on the stats topic").atMost(ofSeconds(30)).until(() -> {
                    List<JsonNode> stats = backend.messages(GATEWAY, "stats");
                    return !stats.isEmpty() && stats.get(stats.size() - 1).path("outbox").path("drops")
                            .path("FULL_DROPPED_OLDEST").asLong() > 0;
                });
                long lastSeq = gateway.outboxStats().lastSeq();
                await("kept readings delivered").atMost(ofSeconds(30))
                        .until(() -> !backend.seqs(GATEWAY).isEmpty() && backend.seqs(GATEWAY).last() >= lastSeq);
                assertTrue(backend.seqs(GATEWAY).first() > 1, "the oldest readings were the ones dropped");
                assertEquals(List.of(), backend.errors());
            }
        }
    }

    private static long drops(FelixGateway gateway) {
        return gateway.outboxStats().drops().getOrDefault(DropReason.FULL_DROPPED_OLDEST, 0L);
    }
}
