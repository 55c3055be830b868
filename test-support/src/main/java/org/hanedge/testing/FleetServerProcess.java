package org.hanedge.testing;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fleet server's executable jar in a JVM of its own (demo mode: accounts admin/admin), on free ports, for
 * end-to-end tests and benchmarks. {@link #kill()} ends the JVM with SIGKILL and {@link #restart()} starts it again
 * with the same command line: same ports, same data directory, same database.
 */
public final class FleetServerProcess implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private final List<String> command;
    private final Path log;
    private final int httpPort;
    private final int mqttPort;
    private final HttpClient http = HttpClient.newHttpClient();
    private volatile Process process;
    private volatile Duration lastStartTime = Duration.ZERO;
    /** An ADMIN API token made at start: a Bearer check is a hash lookup, Basic costs a bcrypt each time. */
    private volatile String token;

    private FleetServerProcess(List<String> command, Path log, int httpPort, int mqttPort) {
        this.command = List.copyOf(command);
        this.log = log;
        this.httpPort = httpPort;
        this.mqttPort = mqttPort;
    }

    /**
     * Starts the server on free ports with the given sites CSV and waits until it is healthy.
     *
     * @param jar      the executable jar ({@code fleet-server/target/fleet-server-VERSION-exec.jar})
     * @param heap     the JVM's -Xmx, e.g. {@code 512m}
     * @param extra    more {@code --key=value} arguments
     */
    public static FleetServerProcess start(Path jar, Path data, Path profiles, Path sitesCsv, String heap,
            String... extra) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("fleet server jar " + jar + " not found: build it first (./hanedge build)");
        }
        int httpPort = freePort();
        int mqttPort = freePort();
        Files.createDirectories(data);
        Path log = data.resolve("fleet-server.log");
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heap, "-jar", jar.toString(), "--server.port=" + httpPort,
                "--hanedge.fleet.mqtt.port=" + mqttPort, "--hanedge.fleet.mqtt.bind-address=127.0.0.1",
                "--hanedge.fleet.data-dir=" + data, "--hanedge.fleet.demo=true",
                "--hanedge.fleet.profiles-dir=" + profiles,
                "--hanedge.fleet.sites-csv=" + sitesCsv));
        cmd.addAll(List.of(extra));
        FleetServerProcess server = new FleetServerProcess(cmd, log, httpPort, mqttPort);
        server.launch();
        return server;
    }

    /** Starts the JVM (the java binary itself, no shell in between), waits until healthy, makes an API token. */
    private void launch() throws IOException {
        long t0 = System.nanoTime();
        token = null;
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        process = p;
        try {
            await("fleet server healthy (log " + log + ")").atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100))
                    .until(() -> {
                        if (!p.isAlive()) {
                            throw new AssertionError("fleet server exited with " + p.exitValue() + ":\n" + tail());
                        }
                        return healthy();
                    });
        } catch (RuntimeException | AssertionError e) {
            p.destroyForcibly();
            throw e;
        }
        lastStartTime = Duration.ofNanos(System.nanoTime() - t0);
        try {
            token = post("/api/v1/admin/tokens", "{\"name\":\"harness\",\"role\":\"ADMIN\"}").get("token").asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /**
     * SIGKILL: ends the server's JVM at once ({@code kill -9}; no shutdown hook, no flush, no clean close of the
     * database or the broker) and waits until it is gone.
     *
     * @return the process id that was killed
     */
    public long kill() throws InterruptedException {
        Process p = process;
        long pid = p.pid();
        p.destroyForcibly(); // java.lang.Process on Unix: SIGKILL
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("fleet server " + pid + " still alive 30 s after SIGKILL");
        }
        return pid;
    }

    /**
     * Starts the server again with the same command line (same ports, data directory and database) after
     * {@link #kill()} or {@link #stop()}; waits until it is healthy (fails naming the log if it exits instead).
     */
    public void restart() throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("fleet server " + process.pid() + " is still running");
        }
        Files.writeString(log, "\n==== restart " + Instant.now() + " ====\n", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        launch();
    }

    /** How long the last start or restart took until the server answered healthy. */
    public Duration lastStartTime() {
        return lastStartTime;
    }

    /** The server's JVM (for checks: it is the java process itself, not a wrapper). */
    public ProcessHandle handle() {
        return process.toHandle();
    }

    /** SIGTERM and wait: an orderly stop (Spring's shutdown, the database closed). */
    public void stop() throws InterruptedException {
        close();
    }

    public int mqttPort() {
        return mqttPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public String brokerUri() {
        return "tcp://127.0.0.1:" + mqttPort;
    }

    private boolean healthy() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/actuator/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("UP");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** GET as the demo admin; the JSON body, or an AssertionError naming the status. */
    public JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).GET(), path);
    }

    public JsonNode post(String path, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(url(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), path);
    }

    /** A status and its JSON body (null when the body is empty or not JSON). */
    public record Answer(int status, JsonNode json) {
    }

    /**
     * One request as a demo login ({@code operator}, {@code viewer}, ...; the password is the login's name in demo
     * mode) whatever its status: for tests of roles and refusals.
     */
    public Answer as(String login, String method, String path, String json) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString((login + ":" + login).getBytes(StandardCharsets.UTF_8)))
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        if (json != null) {
            b.header("Content-Type", "application/json");
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode body;
        try {
            body = r.body().isBlank() ? null : JSON.readTree(r.body());
        } catch (IOException notJson) {
            body = null;
        }
        return new Answer(r.statusCode(), body);
    }

    private String authorization() {
        return token != null ? "Bearer " + token
                : "Basic " + Base64.getEncoder().encodeToString("admin:admin".getBytes(StandardCharsets.UTF_8));
    }

    private JsonNode send(HttpRequest.Builder b, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(b.header("Authorization", authorization()).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (r.statusCode() / 100 != 2) {
            throw new AssertionError(path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return JSON.readTree(r.body());
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    /**
     * One value of the Prometheus scrape: the first sample whose line starts with {@code nameAndLabels}; 0 when the
     * scrape has no such sample (Micrometer registers some counters on first use).
     */
    public double metric(String nameAndLabels) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url("/actuator/prometheus"))
                .header("Authorization", authorization()).build(), HttpResponse.BodyHandlers.ofString());
        for (String line : r.body().split("\n")) {
            if (line.startsWith(nameAndLabels)) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return 0;
    }

    /** Raw GET as the demo admin: status and body, and how long it took in nanoseconds. */
    public long timedGet(String path) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(url(path)).header("Authorization", authorization())
                .build(), HttpResponse.BodyHandlers.ofString());
        long t = System.nanoTime() - t0;
        if (r.statusCode() != 200) {
            throw new IOException(path + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return t;
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    private String tail() throws IOException {
        String all = Files.readString(log);
        return all.substring(Math.max(0, all.length() - 8000));
    }

    @Override
    public void close() throws InterruptedException {
        Process process = this.process;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
