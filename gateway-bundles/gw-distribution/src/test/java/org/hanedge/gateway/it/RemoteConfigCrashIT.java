package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.MosquittoBroker;
import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * kill -9 of the gateway's JVM around an apply, ten rounds: each round pushes the other of two configurations
 * (devices {@code lake-a1, lake-a2} or {@code lake-b1, lake-b2}) and kills the gateway right after the push, as soon
 * as it reports APPLYING (inside the health window), or once it reported APPLIED. After every restart the gateway
 * settles on exactly one of them: the one its report names as the last good, and only that one's devices send.
 */
class RemoteConfigCrashIT {
    private static final String GATEWAY = "gw-config-crash-it";
    private static final int ROUNDS = 10;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS) // the gateway's log stays for a look when it fails
    Path dir;

    private ModbusTcpSlave lake;
    private MosquittoBroker broker;

    private static Set<String> devicesOf(long version) {
        return version % 2 == 1 ? Set.of("lake-b1", "lake-b2") : Set.of("lake-a1", "lake-a2");
    }

    private String devicesYaml(long version) {
        return devicesOf(version).stream().sorted().map(id -> "  - { id: " + id
                + ", profile: lake, modbus: { transport: tcp, port: " + lake.port() + " } }\n")
                .collect(Collectors.joining());
    }

    private Map<String, Object> pushed(long version) {
        String devices = devicesOf(version).stream().sorted().map(id -> "{\"id\":\"" + id
                + "\",\"profile\":\"lake\",\"modbus\":{\"transport\":\"tcp\",\"port\":" + lake.port() + "}}")
                .collect(Collectors.joining(","));
        return DesiredPublisher.site("""
                {"gateway": {"id": "%s"}, "profiles": "profiles", "devices": [%s],
                 "uplink": {"broker": "%s", "reconnectMin": "200ms", "reconnectMax": "1s"},
                 "remoteConfig": {"healthWindow": "3s"}}
                """.formatted(GATEWAY, devices, broker.uri()));
    }

    @Test
    void killNineAroundAnApplyEndsOnTheOldOrTheNewConfigurationNeverAMix() throws Exception {
        Path profiles = SimulatedSite.profilesPolledEvery("500ms", dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        SimulatedSite.fill(bank, 1);
        try (ModbusTcpSlave sonde = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
                MosquittoBroker mqtt = MosquittoBroker.create(dir.resolve("broker")).persistent().start();
                UplinkSubscriber backend = new UplinkSubscriber(mqtt.uri(), "city-backend");
                DesiredPublisher server = new DesiredPublisher(mqtt.uri())) {
            lake = sonde;
            broker = mqtt;
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, "gateway: { id: " + GATEWAY + " }\nprofiles: profiles\ndevices:\n"
                    + devicesYaml(0) + "uplink: { broker: '" + broker.uri()
                    + "', reconnectMin: 200ms, reconnectMax: 1s }\nremoteConfig: { healthWindow: 3s }\n");
            Path data = dir.resolve("data");
            Path log = dir.resolve("gateway.log");
            int rolledBack = 0;
            int applied = 0;
            for (long version = 1; version <= ROUNDS + 1; version++) {
                Instant started = Instant.now();
                try (GatewayProcess gateway = GatewayProcess.start(site, data, log)) {
                    long lastGood = settled(backend, version - 1, started);
                    if (version > 1) {
                        JsonNode outcome = outcome(backend, version - 1);
                        if (outcome.get("status").asText().equals("ROLLED_BACK")) {
                            rolledBack++;
                            assertEquals(version - 2, lastGood, outcome.toString());
                        } else {
                            applied++;
                            assertEquals(version - 1, lastGood, outcome.toString());
                        }
                    }
                    if (version > ROUNDS) {
                        gateway.terminate();
                        break;
                    }
                    server.push(GATEWAY, version, pushed(version));
                    long v = version;
                    switch ((int) (version % 3)) {
                        case 1 -> { } // at once: before, while or after the gateway takes it
                        case 2 -> await("APPLYING " + v).atMost(ofSeconds(60))
                                .until(() -> report(backend, v, "APPLYING").isPresent());
                        default -> await("APPLIED " + v).atMost(ofSeconds(60))
                                .until(() -> report(backend, v, "APPLIED").isPresent());
                    }
                    gateway.kill9();
                }
            }
            System.out.printf("%d kills: %d pushes rolled back at the restart (interrupted), %d applied%n", ROUNDS,
                    rolledBack, applied);
            assertTrue(rolledBack >= 1, "an apply interrupted in its health window was rolled back at restart");
            assertTrue(applied >= 1, "an apply that finished stayed applied");
            assertEquals(List.of(), backend.errors());
        }
    }

    /** The report naming how the desired version ended (APPLIED or ROLLED_BACK), once there is one. */
    private static JsonNode outcome(UplinkSubscriber backend, long version) {
        return await("outcome of " + version).atMost(ofSeconds(60)).until(() -> report(backend, version, "APPLIED")
                .or(() -> report(backend, version, "ROLLED_BACK")), Optional::isPresent).orElseThrow();
    }

    private static Optional<JsonNode> report(UplinkSubscriber backend, long version, String status) {
        List<JsonNode> reports = backend.messages(GATEWAY, "config/reported");
        for (int i = reports.size() - 1; i >= 0; i--) {
            JsonNode r = reports.get(i);
            if (r.get("version").asLong() == version && r.get("status").asText().equals(status)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }

    /**
     * After a restart: the outcome of the last pushed version, then the readings taken after it (and after the
     * start) come from exactly the devices of the configuration it names as the last good.
     *
     * @return that last good version
     */
    private long settled(UplinkSubscriber backend, long lastPushed, Instant started) {
        long lastGood = 0;
        Instant decided = started;
        if (lastPushed > 0) {
            JsonNode outcome = outcome(backend, lastPushed);
            lastGood = outcome.get("lastGood").asLong();
            if (outcome.get("status").asText().equals("ROLLED_BACK")) {
                assertTrue(outcome.get("errors").get(0).get("message").asText().startsWith("interrupted"),
                        outcome.toString());
            }
            Instant t = Instant.parse(outcome.get("time").asText());
            decided = t.isAfter(started) ? t : started;
        }
        Set<String> expected = devicesOf(lastGood);
        double after = decided.toEpochMilli() / 1000.0 + 1.5;
        await("readings of " + expected + " after version " + lastGood + " settled").atMost(ofSeconds(60))
                .until(() -> sendersAfter(backend, after).containsAll(expected));
        assertEquals(expected, sendersAfter(backend, after), "configuration " + lastGood + " alone is in force");
        return lastGood;
    }

    private static Set<String> sendersAfter(UplinkSubscriber backend, double after) {
        return backend.records(GATEWAY).stream().filter(r -> r.time() > after && "GOOD".equals(r.quality()))
                .map(UplinkSubscriber.Record::device).collect(Collectors.toCollection(TreeSet::new));
    }
}
