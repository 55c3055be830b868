package org.hanedge.systest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code ./hanedge demo} end to end: the demo city (20 virtual gateways) comes up in its own data directory on free
 * ports, every gateway is online and the real gateways' readings are queryable; SIGTERM to the launcher then stops
 * everything: no process left, every port free.
 */
class DemoIT {
    private static final List<String> REAL = List.of("INT-001", "LAKE-01", "PS-01", "TRUCK-001", "BOAT-001");

    @TempDir
    Path data;

    @Test
    void theDemoCityComesUpAndSigtermLeavesNoProcessAndNoPortBehind() throws Exception {
        try (DemoLauncher demo = new DemoLauncher(data, "--virtual", "20")) {
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

            Set<Integer> ports = new TreeSet<>(simPorts);
            ports.add(demo.httpPort);
            ports.add(demo.mqttPort);
            demo.stopWithSigtermAndCheck(children, ports);
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
