package org.hanedge.simulators.fleet;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.hanedge.testing.MosquittoBroker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import picocli.CommandLine;

class VirtualFleetCommandTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    int run(String... args) {
        return new CommandLine(new VirtualFleetCommand(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8))).execute(args);
    }

    String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    Path credentials(String... lines) throws Exception {
        Path f = tmp.resolve("gw.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void runsAFleetForTheGivenDurationAndSummarises() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp.resolve("mq")).start()) {
            Path f = credentials("gateway_id,password", "cmd-1,a", "cmd-2,b", "cmd-3,c", "cmd-4,d");
            int code = run("--broker", broker.uri(), "--credentials", f.toString(), "--gateways", "3",
                    "--profiles", "../device-profiles", "--rate", "10", "--interval", "200ms", "--duration", "1500ms",
                    "--format", "cbor", "--connect-rate", "100");
            String text = out.toString(StandardCharsets.UTF_8);
            assertEquals(0, code, text + err());
            assertTrue(text.startsWith("fleet: 3 gateways -> " + broker.uri() + ", 10 readings/s each (2 per pack "
                    + "every 200ms), cbor, connecting 100/s, normal weather, simulated time x1"), text);
            assertTrue(text.contains("gateways 3, connected at most 3, connects 3, connection losses 0, connect "
                    + "failures 0"), text);
            assertTrue(text.contains("failed 0"), text);
            assertEquals("", err());
        }
    }

    @Test
    void writesTheReportWhileRunningAndAfterTheStop() throws Exception {
        try (MosquittoBroker broker = MosquittoBroker.create(tmp.resolve("mq")).start()) {
            Path f = credentials("cmd-1,a", "cmd-2,b");
            Path report = tmp.resolve("out").resolve("report.json");
            Files.createDirectories(report.getParent());
            CompletableFuture<Integer> code = CompletableFuture.supplyAsync(() -> run("--broker", broker.uri(),
                    "--credentials", f.toString(), "--profiles", "../device-profiles", "--rate", "10", "--interval",
                    "100ms", "--duration", "5s", "--report", report.toString(), "--backlog-limit", "100"));
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(report));
            JsonNode running = JSON.readTree(report.toFile());
            assertTrue(running.get("running").asBoolean());
            assertEquals(0, code.get(30, TimeUnit.SECONDS), out.toString(StandardCharsets.UTF_8) + err());

            JsonNode last = JSON.readTree(report.toFile());
            assertFalse(last.get("running").asBoolean());
            assertEquals(List.of("cmd-1", "cmd-2"), last.get("gateways").findValuesAsText("gatewayId"));
            for (JsonNode g : last.get("gateways")) {
                assertEquals(1, g.get("firstSeq").asLong());
                assertTrue(g.get("readingsTaken").asLong() >= 10, g.toString());
                assertEquals(g.get("nextSeq").asLong() - 1, g.get("readingsTaken").asLong(), g.toString());
                assertEquals(g.get("readingsTaken").asLong(), g.get("readingsAcked").asLong(), g.toString());
                assertEquals(0, g.get("backlogReadings").asLong());
                assertEquals(0, g.get("readingsDropped").asLong());
            }
            assertFalse(Files.exists(report.resolveSibling("report.json.tmp")));
            assertTrue(out.toString(StandardCharsets.UTF_8).contains("readings left in backlogs 0, dropped "
                    + "(backlog full) 0"), out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void badInputIsOneLineAndExitCode2() throws Exception {
        Path f = credentials("gw-1,pw", "gw-2");
        assertEquals(2, run("--credentials", f.toString(), "--profiles", "../device-profiles"));
        assertEquals("fleet: credentials file " + f + ":2: expected gateway_id,password[,profile[,device_id]],"
                + " got 1 field", err().strip());

        err.reset();
        Path g = credentials("gw-1,pw,submarine");
        assertEquals(2, run("--credentials", g.toString(), "--profiles", "../device-profiles"));
        assertTrue(err().startsWith("fleet: unknown profile 'submarine': no ../device-profiles/submarine.yaml "
                + "(available: fishing-boat, intersection, lake, pump-station, waste-truck)"), err());
        assertEquals(1, err().strip().lines().count());

        err.reset();
        assertEquals(2, run("--credentials", f.getParent().resolve("none.csv").toString()));
        assertTrue(err().startsWith("fleet: credentials file "), err());
        assertEquals(1, err().strip().lines().count());
    }

    @Test
    void anUnknownScenarioOrABadSpeedIsRefusedByName() throws Exception {
        Path f = credentials("gw-1,pw,pump-station");
        assertEquals(2, run("--credentials", f.toString(), "--profiles", "../device-profiles", "--scenario", "rain"));
        assertEquals("fleet: unknown --scenario 'rain' (use normal or storm)", err().strip());

        err.reset();
        assertEquals(2, run("--credentials", f.toString(), "--profiles", "../device-profiles", "--speed", "0"));
        assertEquals("fleet: speed must be positive, got 0.0", err().strip());
    }

    @Test
    void anUnreachableBrokerIsOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path f = credentials("gw-1,pw");
        assertEquals(1, run("--broker", "tcp://127.0.0.1:" + port, "--credentials", f.toString(),
                "--profiles", "../device-profiles"));
        assertTrue(err().startsWith("fleet: broker tcp://127.0.0.1:" + port + " unreachable: Connection refused"),
                err());
        assertEquals(1, err().strip().lines().count());
    }
}
