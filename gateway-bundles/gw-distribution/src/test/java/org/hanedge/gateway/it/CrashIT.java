package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;

import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway JVM is killed with SIGKILL at random moments during a burst of readings and started again on the same
 * data directory; the city backend ends up with every sequence number from the first to the last, none reused.
 */
class CrashIT {
    private static final String GATEWAY = "gw-crash-it";

    @TempDir
    Path dir;

    @Test
    void killNineDuringABurstLosesNoReading() throws Exception {
        Path profiles = SimulatedSite.profilesPolledEvery("200ms", dir.resolve("profiles"), "lake", "intersection");
        RegisterBank lakeBank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        SimulatedSite.fill(lakeBank, 0);
        RegisterBank junctionBank = new RegisterBank(SimulatedSite.load(profiles, "intersection"));
        SimulatedSite.fill(junctionBank, 0);
        Random random = new Random(20261127);
        try (ModbusTcpSlave lake = new ModbusTcpSlave(lakeBank, 1).start("127.0.0.1", 0);
                ModbusTcpSlave junction = new ModbusTcpSlave(junctionBank, 1).start("127.0.0.1", 0);
                MosquittoBroker broker = MosquittoBroker.create(dir.resolve("broker")).persistent().start();
                UplinkSubscriber backend = new UplinkSubscriber(broker.uri(), "city-backend")) {
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: lake-crash, profile: lake, modbus: { transport: tcp, port: %d } }
                      - { id: junction-crash, profile: intersection, modbus: { transport: tcp, port: %d } }
                    uplink: { broker: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    """.formatted(GATEWAY, lake.port(), junction.port(), broker.uri()));
            Path data = dir.resolve("data");
            Path log = dir.resolve("gateway.log");
            for (int crash = 0; crash < 5; crash++) {
                long seen = backend.seqs(GATEWAY).size();
                long burst = 50 + random.nextInt(400);
                try (GatewayProcess gateway = GatewayProcess.start(site, data, log)) {
                    await("readings flowing before crash " + crash).atMost(ofSeconds(60))
                            .until(() -> backend.seqs(GATEWAY).size() >= seen + burst);
                    gateway.kill9();
                }
            }
            long beforeLastStart = backend.seqs(GATEWAY).isEmpty() ? 0 : backend.seqs(GATEWAY).last();
            try (GatewayProcess gateway = GatewayProcess.start(site, data, log)) {
                await("backlog after the crashes delivered").atMost(ofSeconds(90)).until(
                        () -> backend.seqs(GATEWAY).last() > beforeLastStart + 200
                                && backend.firstGap(GATEWAY).isEmpty());
                assertEquals(Optional.empty(), backend.firstGap(GATEWAY), "a reading was lost");
                assertEquals(List.of(), backend.conflicts(), "a sequence number was reused");
                assertEquals(List.of(), backend.errors());
                gateway.terminate();
            }
        }
    }
}
