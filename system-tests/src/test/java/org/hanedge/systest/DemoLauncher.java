package org.hanedge.systest;

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
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hanedge.testing.FleetServerProcess;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code ./hanedge demo} as a test runs it: its own data directory and free HTTP and MQTT ports, the output in a
 * file, the fleet server's API at hand; {@link #close()} kills whatever is left (the tests stop it with SIGTERM
 * first and check that nothing is).
 */
final class DemoLauncher implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root = Path.of(System.getProperty("hanedge.root")).toAbsolutePath().normalize();
    final Path data;
    final Path output;
    final int httpPort = FleetServerProcess.freePort();
    final int mqttPort = FleetServerProcess.freePort();
    private final HttpClient http = HttpClient.newHttpClient();
    private final Process process;

    /** Starts {@code ./hanedge demo --fresh --sim-port 0} with the given extra options. */
    DemoLauncher(Path data, String... options) throws IOException {
        this.data = data;
        this.output = Files.createTempFile("hanedge-demo-it", ".log");
        List<String> cmd = new ArrayList<>(List.of("bash", root.resolve("hanedge").toString(), "demo", "--fresh",
                "--http-port", "" + httpPort, "--mqtt-port", "" + mqttPort, "--sim-port", "0",
                "--data", data.toString()));
        cmd.addAll(List.of(options));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        pb.environment().put("HANEDGE_NO_BUILD", "1"); // the reactor built everything: never a nested Maven build
        process = pb.start();
    }

    Process process() {
        return process;
    }

    String output() throws IOException {
        return Files.readString(output);
    }

    /** Waits until the output contains {@code text}; fails at once if the demo exits. */
    void awaitOutput(String text, Duration atMost) {
        await("the demo prints '" + text + "' (output " + output + ")").atMost(atMost)
                .pollInterval(Duration.ofMillis(500)).until(() -> {
                    String out = output();
                    if (!process.isAlive()) {
                        throw new AssertionError("the demo exited with " + process.exitValue() + ":\n" + out);
                    }
                    return out.contains(text);
                });
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic("viewer")).build());
    }

    JsonNode postAsAdmin(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(path)).header("Authorization", basic("admin"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build());
    }

    String brokerUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    private static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + user).getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode send(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(request.uri() + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    /**
     * Sends SIGTERM to the launcher only and checks that it stops everything: exit code 143, none of
     * {@code children} alive, no process naming the data directory, every port in {@code ports} free, and the fleet
     * server's H2 database closed.
     */
    void stopWithSigtermAndCheck(List<ProcessHandle> children, Iterable<Integer> ports) throws Exception {
        process.destroy();
        assertTrue(process.waitFor(90, TimeUnit.SECONDS), "the launcher exits");
        assertEquals(143, process.exitValue(), output());
        assertTrue(output().contains("hanedge demo: stopped"));
        List<ProcessHandle> alive = children.stream().filter(ProcessHandle::isAlive).toList();
        assertTrue(alive.isEmpty(), "processes left: " + describe(alive));
        List<ProcessHandle> stray = processesOf(data).toList();
        assertTrue(stray.isEmpty(), "processes naming the data dir left: " + describe(stray));
        for (int port : ports) {
            assertTrue(free(port), "port " + port + " is free");
        }
        try (Stream<Path> s = Files.walk(data.resolve("fleet"))) {
            assertTrue(s.noneMatch(p -> p.toString().endsWith(".lock.db")), "H2 closed cleanly");
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        processesOf(data).forEach(ProcessHandle::destroyForcibly);
    }

    static Stream<ProcessHandle> processesOf(Path dir) {
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
