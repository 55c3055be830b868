package org.hanedge.simulators;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import picocli.CommandLine;

/** {@code simulate KIND} started in-process with all devices of the kind. */
class SimulateCommandDevicesTest {

    @Test
    void wasteTruckStartsModbusBothPtysAndGpioAndPrintsTheSnippet(@TempDir Path dir) throws Exception {
        assumeTrue(PtyPair.socatAvailable(), PtyPair.SOCAT_MISSING);
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
        SimulateCommand cmd = new SimulateCommand(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(errBytes, true, StandardCharsets.UTF_8));
        Path gps = dir.resolve("gps");
        Path scale = dir.resolve("scale");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(
                "waste-truck", "--profiles", "../device-profiles", "--modbus-port", "0", "--gpio-port", "0",
                "--gps-pty", gps.toString(), "--scale-pty", scale.toString()));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> outBytes.toString(StandardCharsets.UTF_8)
                    .contains("commands on stdin") || exit.isDone());
            String out = outBytes.toString(StandardCharsets.UTF_8);
            assertFalse(exit.isDone(), out + errBytes.toString(StandardCharsets.UTF_8));
            assertTrue(out.contains("Modbus TCP on 127.0.0.1:"), out);
            assertTrue(out.contains("NMEA 0183 GPS") && out.contains("gateway side: " + gps), out);
            assertTrue(out.contains("weighing indicator") && out.contains("gateway side: " + scale), out);
            assertTrue(Files.exists(gps) && Files.exists(scale));
            assertTrue(out.contains("GPIO on 127.0.0.1:") && out.contains("bin_lift BCM 22 input activeLow"), out);

            Matcher modbus = Pattern.compile("- \\{ id: waste-truck-sim, profile: waste-truck, modbus: \\{ transport: tcp,"
                    + " host: 127.0.0.1, port: (\\d+), unitId: 1 } }").matcher(out);
            assertTrue(modbus.find(), out);
            assertTrue(out.contains("- { id: waste-truck-sim-gps, profile: waste-truck, serial: { port: " + gps
                    + ", baud: 4800, protocol: nmea } }"), out);
            assertTrue(out.contains("- { id: waste-truck-sim-scale, profile: waste-truck, serial: { port: " + scale
                    + ", baud: 9600, protocol: ascii } }"), out);
            Matcher gpio = Pattern.compile("- \\{ id: waste-truck-sim-io, profile: waste-truck, gpio: \\{ provider: sim,"
                    + " simAddress: 127.0.0.1:(\\d+) } }").matcher(out);
            assertTrue(gpio.find(), out);

            // the listed endpoints answer
            try (Socket m = new Socket("127.0.0.1", Integer.parseInt(modbus.group(1)))) {
                assertTrue(m.isConnected());
            }
            try (Socket g = new Socket("127.0.0.1", Integer.parseInt(gpio.group(1)));
                    BufferedReader r = new BufferedReader(
                            new InputStreamReader(g.getInputStream(), StandardCharsets.UTF_8))) {
                g.setSoTimeout(5000);
                assertEquals("in 22 1", r.readLine(), "bin lift (activeLow) idle = high");
            }
        } finally {
            cmd.stop();
        }
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        await().atMost(Duration.ofSeconds(5)).until(() -> !Files.exists(gps) && !Files.exists(scale));
    }

    @Test
    void devicesOutIsWrittenOnceEveryDeviceIsUp(@TempDir Path dir) throws Exception {
        Path devices = dir.resolve("lake-devices.yaml");
        ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
        SimulateCommand cmd = new SimulateCommand(new PrintStream(outBytes, true, StandardCharsets.UTF_8),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> new CommandLine(cmd).execute(
                "lake", "--profiles", "../device-profiles", "--modbus-port", "0", "--gpio-port", "-1",
                "--devices-out", devices.toString()));
        try {
            await().atMost(Duration.ofSeconds(15)).until(() -> Files.exists(devices) || exit.isDone());
            assertFalse(exit.isDone(), outBytes.toString(StandardCharsets.UTF_8));
            String yaml = Files.readString(devices);
            assertEquals(cmd.snippet() + "\n", yaml);
            Matcher modbus = Pattern.compile("- \\{ id: lake-sim, profile: lake, modbus: \\{ transport: tcp,"
                    + " host: 127.0.0.1, port: (\\d+), unitId: 1 } }").matcher(yaml);
            assertTrue(modbus.find(), yaml);
            try (Socket m = new Socket("127.0.0.1", Integer.parseInt(modbus.group(1)))) {
                assertTrue(m.isConnected(), "the device the file lists already listens");
            }
        } finally {
            cmd.stop();
        }
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void defaultPtyPathsAndDurations() {
        assertEquals(Path.of(System.getProperty("java.io.tmpdir"), "hanedge-waste-truck-gps"),
                SimulateCommand.defaultPty("waste-truck", "gps"));
        assertEquals(Duration.ofSeconds(90), SimulateCommand.parseDuration("90s"));
        assertEquals(Duration.ofMinutes(10), SimulateCommand.parseDuration("10m"));
        assertEquals(Duration.ofHours(2), SimulateCommand.parseDuration("2h"));
        assertEquals(Duration.ofMinutes(10), SimulateCommand.parseDuration("PT10M"));
    }

    @Test
    void badSosAtAndScenarioExit2() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SimulateCommand cmd = new SimulateCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, new CommandLine(cmd).execute("fishing-boat", "--profiles", "../device-profiles",
                "--sos-at", "soon"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--sos-at"), err.toString());
        SimulateCommand cmd2 = new SimulateCommand(new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(2, new CommandLine(cmd2).execute("pump-station", "--profiles", "../device-profiles",
                "--scenario", "hurricane"));
    }
}
