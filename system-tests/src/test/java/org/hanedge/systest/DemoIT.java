package org.hanedge.systest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.simulators.fleet.VirtualFleet;
import org.hanedge.sites.GatewayCredential;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * {@code ./hanedge demo} end to end: the demo city (20 virtual gateways) comes up in its own data directory on free
 * ports, every gateway is online and the real gateways' readings are queryable; SIGTERM to the launcher then stops
 * everything: no process left, every port free.
 *
 * <p>A {@link WireTap} (a demo-mode monitor credential of the demo's broker) keeps every telemetry, alarm, event,
 * state and stats message of the run. The demo's gateways send SenML JSON; two more sites join for a few packs as
 * virtual gateways sending the CBOR and the thin form. At the end every pack must decode with Leshan's SenML decoders
 * and ours to the same records, and every document must satisfy its published JSON Schema ({@link WireConformance}),
 * the stats of every real gateway (sent every 10 s in the demo) among them.
 *
 * <p>The real gateways run Pi4J with the {@code sim} GPIO provider: their logs must have none of Pi4J's board-detection
 * ERROR lines, which {@code bin/hanedge-gateway} silences.
 */
class DemoIT {
    private static final List<String> REAL = List.of("INT-001", "LAKE-01", "PS-01", "TRUCK-001", "BOAT-001");
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Pi4J's board detection off a Raspberry Pi, as slf4j-simple prints it (short log names): {@code ERROR
     * BoardInfoHelper - Could not get the board version code: ...}, {@code ERROR BoardCodeReader - Failed to read the
     * board model from '/proc/device-tree/model': ...}, {@code WARN BoardInfoHelper - Sorry, could not detect the
     * board type}.
     */
    private static final Pattern PI4J_BOARD_DETECTION = Pattern.compile(
            "\\b(?:ERROR|WARN) (?:\\S+\\.)?(?:Board\\w*|CpuInfoReader) - ");

    @TempDir
    Path data;

    @Test
    void theDemoCityComesUpAndSigtermLeavesNoProcessAndNoPortBehind() throws Exception {
        WireTap tap = null;
        try (DemoLauncher demo = new DemoLauncher(data, "--virtual", "20")) {
            demo.awaitOutput("fleet server ready in", Duration.ofSeconds(150));
            JsonNode monitor = demo.postAsAdmin("/api/v1/admin/mqtt-credentials/monitor", "{\"name\":\"wiretap\"}");
            tap = new WireTap(demo.brokerUri(), monitor.get("username").asText(), monitor.get("password").asText());
            demo.awaitOutput("hanedge demo: ready in", Duration.ofSeconds(150));
            String text = demo.output();
            assertTrue(text.contains("25/25 gateways online"), text);
            assertEquals(25, demo.get("/api/v1/gateways?online=true&size=1").get("total").asInt());
            for (String id : REAL) {
                await(id + " readings queryable").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                        .until(() -> {
                            for (JsonNode r : demo.get("/api/v1/gateways/" + id + "/latest")) {
                                if ("GOOD".equals(r.path("quality").asText()) && r.has("value")) {
                                    return true;
                                }
                            }
                            return false;
                        });
            }
            Set<Integer> simPorts = simulatorPorts(data.resolve("sites"));
            assertTrue(simPorts.size() >= 7, "Modbus TCP and GPIO ports of the simulators: " + simPorts);
            List<ProcessHandle> children = new ArrayList<>(demo.process().descendants().toList());
            assertTrue(children.size() >= 12, "fleet server, 5 simulators, 5 gateways, virtual fleet: " + children.size());
            assertTrue(children.stream().allMatch(ProcessHandle::isAlive));

            sendOtherForms(demo, tap);
            WireTap seen = tap;
            await("stats of every real gateway").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> REAL.stream().allMatch(id -> seen.messages().stream()
                            .anyMatch(m -> m.topic().equals(Topics.of(id, TopicKind.STATS)))));

            Set<Integer> ports = new TreeSet<>(simPorts);
            ports.add(demo.httpPort);
            ports.add(demo.mqttPort);
            demo.stopWithSigtermAndCheck(children, ports);
        } finally {
            if (tap != null) {
                tap.close();
            }
        }
        WireConformance wire = new WireConformance().check(tap.messages());
        System.out.println("DemoIT wire tap: " + tap.messages().size() + " messages, " + wire.summary());
        assertEquals(List.of(), wire.failures());
        for (WireConformance.Form form : WireConformance.Form.values()) {
            assertTrue(wire.packs(form) > 0, "packs of form " + form + ": " + wire.summary());
        }
        assertTrue(wire.documents(TopicKind.STATE) >= 25, wire.summary());
        assertTrue(wire.documents(TopicKind.STATS) >= REAL.size(), wire.summary());
        assertBrokenStatsRefused(tap.messages());
        assertNoPi4jBoardErrors(data.resolve("logs"));
    }

    /** The check is not vacuous: a real stats message with a negative uptime fails its schema. */
    private static void assertBrokenStatsRefused(List<WireTap.Message> messages) throws IOException {
        WireTap.Message stats = messages.stream().filter(m -> m.topic().equals(Topics.of(REAL.get(0), TopicKind.STATS)))
                .findFirst().orElseThrow();
        ObjectNode broken = (ObjectNode) JSON.readTree(stats.payload());
        broken.put("uptimeS", -1);
        WireTap.Message bad = new WireTap.Message(stats.topic(), JSON.writeValueAsBytes(broken), stats.contentType(),
                null, null);
        List<String> failures = new WireConformance().check(List.of(bad)).failures();
        assertEquals(1, failures.size(), failures.toString());
        assertTrue(failures.get(0).contains("uptimeS"), failures.get(0));
    }

    /**
     * Pi4J 2.8 probes the board in every context and, off a Raspberry Pi, logs at ERROR from its
     * {@code com.pi4j.boardinfo} loggers; {@code bin/hanedge-gateway} turns them off (docs/gpio.md).
     */
    private static void assertNoPi4jBoardErrors(Path logs) throws IOException {
        List<Path> gatewayLogs;
        try (Stream<Path> s = Files.list(logs)) {
            gatewayLogs = s.filter(p -> p.getFileName().toString().startsWith("gateway-")).sorted().toList();
        }
        assertEquals(REAL.size(), gatewayLogs.size(), "gateway logs in " + logs + ": " + gatewayLogs);
        for (Path log : gatewayLogs) {
            List<String> boardErrors = Files.readAllLines(log).stream().filter(PI4J_BOARD_DETECTION.asPredicate()).toList();
            assertEquals(List.of(), boardErrors, log + " has Pi4J board-detection lines");
        }
    }

    /**
     * Two sites the demo does not run join as virtual gateways for a few packs each, one in the CBOR form and one in
     * the thin form (the demo's own gateways send JSON).
     */
    private static void sendOtherForms(DemoLauncher demo, WireTap tap) throws Exception {
        String running = Files.readString(demo.data.resolve("sites").resolve("virtual-credentials.csv"));
        Map<String, TelemetryForm> extra = Map.of("BOAT-599", TelemetryForm.CBOR, "BOAT-600", TelemetryForm.THIN);
        List<VirtualFleet> fleets = new ArrayList<>();
        try {
            for (Map.Entry<String, TelemetryForm> e : extra.entrySet()) {
                String id = e.getKey();
                assertFalse(running.contains(id + ","), id + " must not be one of the demo's own virtual gateways");
                JsonNode credential = demo.postAsAdmin("/api/v1/admin/gateways/" + id + "/mqtt-credential", "{}");
                VirtualFleet fleet = VirtualFleet.builder().broker(demo.brokerUri())
                        .gateway(GatewayCredential.of(id, credential.get("password").asText(), "fishing-boat"))
                        .profiles(Path.of(System.getProperty("hanedge.profiles"))).readingsPerSecond(10)
                        .publishInterval(Duration.ofSeconds(1)).format(e.getValue())
                        .firstSeq(System.currentTimeMillis()).nettyThreads(1).schedulerThreads(1).build();
                fleets.add(fleet);
                fleet.start();
            }
            await("3 packs from each of " + extra.keySet()).atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(500)).until(() -> extra.keySet().stream()
                            .allMatch(id -> tap.messages().stream()
                                    .filter(m -> m.topic().equals(Topics.of(id, TopicKind.TELEMETRY))).count() >= 3));
        } finally {
            fleets.forEach(f -> f.stop(Duration.ofSeconds(5)));
        }
    }

    /** The TCP ports in the simulators' device snippets (Modbus {@code port: N}, GPIO {@code simAddress: host:N}). */
    private static Set<Integer> simulatorPorts(Path sites) throws IOException {
        Set<Integer> ports = new TreeSet<>();
        Pattern p = Pattern.compile("(?:port: |simAddress: 127\\.0\\.0\\.1:)(\\d+)");
        try (Stream<Path> files = Files.list(sites)) {
            for (Path f : files.filter(f -> f.toString().endsWith("-devices.yaml")).toList()) {
                Matcher m = p.matcher(Files.readString(f));
                while (m.find()) {
                    ports.add(Integer.parseInt(m.group(1)));
                }
            }
        }
        return ports;
    }
}
