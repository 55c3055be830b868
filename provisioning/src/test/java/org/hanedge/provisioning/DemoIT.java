package org.hanedge.provisioning;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./hanedge demo} end to end: the demo city (20 virtual gateways) comes up in its own data directory on free
 * ports, every gateway is online and the real gateways' readings are queryable; SIGTERM to the launcher then stops
 * everything: no process left, every port free.
 */
class DemoIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> REAL = List.of("INT-001", "LAKE-01", "PS-01", "TRUCK-001", "BOAT-001");
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path data;

    private Process demo;

    @AfterEach
    void killLeftovers() {
        if (demo != null && demo.isAlive()) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
        processesOf(data).forEach(ProcessHandle::destroyForcibly);
    }

    @Test
    void theDemoCityComesUpAndSigtermLeavesNoProcessAndNoPortBehind() throws Exception {
        Path root = Path.of(System.getProperty("hanedge.root")).toAbsolutePath().normalize();
        int httpPort = FleetServerProcess.freePort();
        int mqttPort = FleetServerProcess.freePort();
        Path out = Files.createTempFile("hanedge-demo-it", ".log");
        ProcessBuilder pb = new ProcessBuilder("bash", root.resolve("hanedge").toString(), "demo", "--fresh",
                "--virtual", "20", "--http-port", "" + httpPort, "--mqtt-port", "" + mqttPort, "--sim-port", "0",
                "--data", data.toString()).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
        pb.environment().put("HANEDGE_NO_BUILD", "1"); // the reactor built everything: never a nested Maven build
        demo = pb.start();

        await("the demo prints ready (output " + out + ")").atMost(Duration.ofSeconds(150))
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    String text = Files.readString(out);
                    if (!demo.isAlive()) {
                        throw new AssertionError("the demo exited with " + demo.exitValue() + ":\n" + text);
                    }
                    return text.contains("hanedge demo: ready in");
                });
        String text = Files.readString(out);
        assertTrue(text.contains("25/25 gateways online"), text);
        assertEquals(25, get(httpPort, "/api/v1/gateways?online=true&size=1").get("total").asInt());
        for (String id : REAL) {
            await(id + " readings queryable").atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        JsonNode latest = get(httpPort, "/api/v1/gateways/" + id + "/latest");
                        for (JsonNode r : latest) {
                            if ("GOOD".equals(r.path("quality").asText()) && r.has("value")) {
                                return true;
                            }
                        }
                        return false;
                    });
        }
        Set<Integer> simPorts = simulatorPorts(data.resolve("sites"));
        assertTrue(simPorts.size() >= 7, "Modbus TCP and GPIO ports of the simulators: " + simPorts);
        List<ProcessHandle> children = new ArrayList<>(demo.descendants().toList());
        assertTrue(children.size() >= 12, "fleet server, 5 simulators, 5 gateways, virtual fleet: " + children.size());
        assertTrue(children.stream().allMatch(ProcessHandle::isAlive));

        demo.destroy(); // SIGTERM to the launcher only

        assertTrue(demo.waitFor(90, TimeUnit.SECONDS), "the launcher exits");
        assertEquals(143, demo.exitValue(), Files.readString(out));
        assertTrue(Files.readString(out).contains("hanedge demo: stopped"));
        List<ProcessHandle> alive = children.stream().filter(ProcessHandle::isAlive).toList();
        assertTrue(alive.isEmpty(), "processes left: " + describe(alive));
        List<ProcessHandle> stray = processesOf(data).toList();
        assertTrue(stray.isEmpty(), "processes naming the data dir left: " + describe(stray));
        Set<Integer> ports = new TreeSet<>(simPorts);
        ports.add(httpPort);
        ports.add(mqttPort);
        for (int port : ports) {
            assertTrue(free(port), "port " + port + " is free");
        }
        // the fleet server flushed and closed its database: the H2 lock file is gone
        try (Stream<Path> s = Files.walk(data.resolve("fleet"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".lock.db")), "H2 closed cleanly");
        }
    }

    private JsonNode get(int port, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString("viewer:viewer".getBytes(StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AssertionError(path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
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

    private static Stream<ProcessHandle> processesOf(Path dir) {
        String d = dir.toString();
        return ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains(d)).orElse(false));
    }

    private static String describe(List<ProcessHandle> ps) {
        return ps.stream().map(h -> h.pid() + " " + h.info().commandLine().orElse("?")).toList().toString();
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
