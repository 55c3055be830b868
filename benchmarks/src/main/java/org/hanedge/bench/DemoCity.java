package org.hanedge.bench;

import java.io.IOException;
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
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo city started by the demo's own launcher ({@code ./hanedge demo --fresh --data DIR}, its output in a log
 * file), its REST API as the demo's admin, and the fleet server's process (a child of the demo) for its CPU time.
 */
final class DemoCity implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process demo;
    private final Path log;
    private final String base;
    private final String authorization = "Basic " + Base64.getEncoder()
            .encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private DemoCity(Process demo, Path log, int httpPort) {
        this.demo = demo;
        this.log = log;
        this.base = "http://127.0.0.1:" + httpPort;
    }

    /** Starts {@code ROOT/hanedge demo --fresh --data DATA} on the given ports; returns at once. */
    static DemoCity start(Path root, Path data, Path log, int httpPort, int mqttPort, int simPort)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(root.resolve("hanedge").toString(), "demo", "--fresh", "--data",
                data.toString(), "--http-port", "" + httpPort, "--mqtt-port", "" + mqttPort, "--sim-port",
                "" + simPort));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        return new DemoCity(p, log, httpPort);
    }

    /** Waits until the demo's output has a line containing {@code text}; fails when the demo exits first. */
    String awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!demo.isAlive()) {
                throw new IllegalStateException("the demo exited (" + demo.exitValue() + ") before '" + text
                        + "'; see " + log);
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("no '" + text + "' in the demo's output within " + timeout + "; see " + log);
    }

    /** The fleet server: the demo's descendant running the fleet server's jar. */
    ProcessHandle fleetServer() {
        return demo.descendants().filter(h -> cmdline(h).contains("fleet-server")).findFirst()
                .orElseThrow(() -> new IllegalStateException("no fleet server process under the demo (pid "
                        + demo.pid() + ")"));
    }

    /** CPU time (user + system) the process has consumed, from {@code /proc/PID/stat} (clock ticks of 10 ms). */
    static double cpuSeconds(ProcessHandle h) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + h.pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        // after "pid (comm) ": state=0 ... utime=11 stime=12 (fields 14 and 15 of proc(5))
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    private static String cmdline(ProcessHandle h) {
        try {
            return Files.readString(Path.of("/proc/" + h.pid() + "/cmdline")).replace('\0', ' ');
        } catch (IOException e) {
            return "";
        }
    }

    Optional<JsonNode> get(String path) throws InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
            return a.statusCode() / 100 == 2 ? Optional.of(JSON.readTree(a.body())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * {@code GET} of each path, {@code parallel} requests at a time; each answer (empty when not 2xx or not
     * answered) by path, in the order given.
     */
    java.util.Map<String, Optional<JsonNode>> getAll(List<String> paths, int parallel) {
        java.util.concurrent.Semaphore window = new java.util.concurrent.Semaphore(parallel);
        java.util.Map<String, java.util.concurrent.CompletableFuture<Optional<JsonNode>>> pending =
                new java.util.LinkedHashMap<>();
        for (String path : paths) {
            window.acquireUninterruptibly();
            HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization).header("Accept", "application/json").GET().build();
            pending.put(path, http.sendAsync(r, HttpResponse.BodyHandlers.ofString()).handle((a, e) -> {
                window.release();
                if (e != null || a.statusCode() / 100 != 2) {
                    return Optional.<JsonNode>empty();
                }
                try {
                    return Optional.of(JSON.readTree(a.body()));
                } catch (IOException x) {
                    return Optional.<JsonNode>empty();
                }
            }));
        }
        java.util.Map<String, Optional<JsonNode>> out = new java.util.LinkedHashMap<>();
        pending.forEach((path, f) -> out.put(path, f.join()));
        return out;
    }

    /** {@code PUT}/{@code POST} JSON; the answer when 2xx, else an exception naming the status and body. */
    JsonNode send(String method, String path, Object body) throws IOException, InterruptedException {
        HttpRequest r = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))).build();
        HttpResponse<String> a = http.send(r, HttpResponse.BodyHandlers.ofString());
        if (a.statusCode() / 100 != 2) {
            throw new IOException(method + " " + path + ": " + a.statusCode() + " " + a.body());
        }
        return JSON.readTree(a.body());
    }

    /** Stops the demo as Ctrl-C does (SIGTERM: every child in order), at most 90 s. */
    @Override
    public void close() throws InterruptedException {
        demo.destroy();
        if (!demo.waitFor(90, TimeUnit.SECONDS)) {
            demo.descendants().forEach(ProcessHandle::destroyForcibly);
            demo.destroyForcibly();
        }
    }
}
