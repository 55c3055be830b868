package org.hanedge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real mosquitto broker (Debian's package) started by a test on a free loopback port, with its own config, log and
 * optional password file. {@link #stop()} and {@link #start()} again keep the port, so tests can take the broker away
 * and bring it back.
 */
public final class MosquittoBroker implements AutoCloseable {
    public static final String BINARY = "/usr/sbin/mosquitto";

    private final Path dir;
    private final int port;
    private final List<String> extraConfig = new ArrayList<>();
    private Process process;
    private boolean persistent;

    private MosquittoBroker(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    /** A broker that accepts anonymous clients; not started yet. */
    public static MosquittoBroker create(Path dir) throws IOException {
        if (!Files.isExecutable(Path.of(BINARY))) {
            throw new IllegalStateException("mosquitto not found at " + BINARY
                    + ": install it with apt-get install mosquitto (./hanedge test does)");
        }
        Files.createDirectories(dir);
        return new MosquittoBroker(dir, freePort());
    }

    /** Requires a user name and password; {@code users} alternates name, password. */
    public MosquittoBroker withPasswords(String... users) throws IOException, InterruptedException {
        Path file = dir.resolve("passwords");
        Files.deleteIfExists(file);
        for (int i = 0; i < users.length; i += 2) {
            List<String> cmd = new ArrayList<>(List.of("/usr/bin/mosquitto_passwd", "-b"));
            if (!Files.exists(file)) {
                cmd.add("-c");
            }
            cmd.addAll(List.of(file.toString(), users[i], users[i + 1]));
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            if (p.waitFor() != 0) {
                throw new IOException("mosquitto_passwd failed: " + new String(p.getInputStream().readAllBytes()));
            }
        }
        extraConfig.add("password_file " + file);
        return this;
    }

    /**
     * Keeps sessions and queued QoS 1 messages across {@link #stop()} and {@link #start()}, so a subscriber with a
     * persistent session misses nothing while the broker is away.
     */
    public MosquittoBroker persistent() {
        extraConfig.add("persistence_location " + dir + "/");
        persistent = true;
        return this;
    }

    /** Adds raw mosquitto.conf lines (applies to the default listener). */
    public MosquittoBroker withConfig(String... lines) {
        extraConfig.addAll(List.of(lines));
        return this;
    }

    public synchronized MosquittoBroker start() throws IOException {
        if (process != null && process.isAlive()) {
            return this;
        }
        boolean passwords = extraConfig.stream().anyMatch(l -> l.startsWith("password_file"));
        List<String> conf = new ArrayList<>(List.of(
                // run as ourselves: as root, mosquitto would switch to a user that cannot write the test's folder
                "user " + System.getProperty("user.name"),
                "listener " + port + " 127.0.0.1",
                "allow_anonymous " + !passwords,
                "persistence " + persistent,
                "max_queued_messages 100000"));
        conf.addAll(extraConfig);
        Path confFile = dir.resolve("mosquitto.conf");
        Files.write(confFile, conf);
        process = new ProcessBuilder(BINARY, "-c", confFile.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("mosquitto.log").toFile()))
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("mosquitto did not start on port " + port + "; log:\n" + log());
            }
            Thread.onSpinWait();
        }
        return this;
    }

    /** Stops the broker (SIGTERM; a persistent broker saves its sessions); clients see their connections drop. */
    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    public int port() {
        return port;
    }

    public String uri() {
        return "tcp://127.0.0.1:" + port;
    }

    public String log() {
        try {
            Path log = dir.resolve("mosquitto.log");
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
