package org.hanedge.gateway.uplink.mqtt.internal;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** A mosquitto broker run by a test on a free port of 127.0.0.1. */
final class Mosquitto implements AutoCloseable {
    static final String BINARY = "/usr/sbin/mosquitto";
    final int port;
    final Path dir;
    private final String extraConfig;
    private Process process;

    Mosquitto(Path dir, String extraConfig) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.extraConfig = extraConfig;
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    Mosquitto start() throws IOException {
        Path conf = dir.resolve("mosquitto-" + port + ".conf");
        // "user": run as ourselves (as root, mosquitto would switch to a user that cannot read the temp dir)
        Files.writeString(conf, "user " + System.getProperty("user.name") + "\nlistener " + port
                + " 127.0.0.1\n" + extraConfig + "\n");
        Path log = dir.resolve("mosquitto-" + port + ".log");
        process = new ProcessBuilder(BINARY, "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(this::listening);
        return this;
    }

    boolean listening() {
        if (process != null && !process.isAlive()) {
            throw new IllegalStateException("mosquitto exited: see " + dir.resolve("mosquitto-" + port + ".log"));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    void stop() throws InterruptedException {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            process = null;
        }
    }

    String tcpUri() {
        return "tcp://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
