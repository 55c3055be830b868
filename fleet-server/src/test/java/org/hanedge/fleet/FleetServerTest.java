package org.hanedge.fleet;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the full-stack tests: the real server (H2 file database, embedded broker, HTTP) in a fresh data
 * directory on free ports. Every subclass shares one server (Spring's context cache), so tests use their own
 * gateway ids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class FleetServerTest {
    protected static final Path DATA_DIR = tempDir();
    protected static final int MQTT_PORT = freePort();

    @DynamicPropertySource
    static void fleetProperties(DynamicPropertyRegistry registry) {
        registry.add("hanedge.fleet.data-dir", DATA_DIR::toString);
        registry.add("hanedge.fleet.mqtt.port", () -> MQTT_PORT);
        registry.add("hanedge.fleet.mqtt.bind-address", () -> "127.0.0.1");
        registry.add("hanedge.fleet.profiles-dir", () -> projectPath("device-profiles").toString());
    }

    /** A path relative to the repository root (tests run in fleet-server/). */
    public static Path projectPath(String relative) {
        return Path.of("..").resolve(relative).toAbsolutePath().normalize();
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("fleet-test");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
