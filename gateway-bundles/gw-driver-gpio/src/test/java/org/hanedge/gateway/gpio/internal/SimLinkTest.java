package org.hanedge.gateway.gpio.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Provider {@code sim}: the device on the mock provider wired to a tiny line-protocol simulator over real loopback
 * TCP; a manual clock keeps debounce and rate windows exact.
 */
class SimLinkTest {
    static final Duration WAIT = Duration.ofSeconds(15);

    /** The simulator side: a one-client line server on loopback. */
    static final class SimServer implements AutoCloseable {
        final ServerSocket server;
        final List<String> received = new CopyOnWriteArrayList<>();
        final List<Socket> clients = new CopyOnWriteArrayList<>();
        final Thread acceptor;

        SimServer(int port) throws IOException {
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            acceptor = new Thread(this::accept, "sim-server");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        String address() {
            return "127.0.0.1:" + port();
        }

        private void accept() {
            try {
                while (true) {
                    Socket s = server.accept();
                    clients.add(s);
                    Thread reader = new Thread(() -> read(s), "sim-server-reader");
                    reader.setDaemon(true);
                    reader.start();
                }
            } catch (IOException e) {
                // closed
            }
        }

        private void read(Socket s) {
            try (BufferedReader in = new BufferedReader(
                    new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))) {
                String l;
                while ((l = in.readLine()) != null) {
                    received.add(l);
                }
            } catch (IOException e) {
                // closed
            }
        }

        boolean connected() {
            return clients.stream().anyMatch(c -> !c.isClosed());
        }

        /** Sends lines to the current client. */
        void send(String... lines) throws IOException {
            Socket s = clients.get(clients.size() - 1);
            OutputStream out = s.getOutputStream();
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket c : clients) {
                c.close();
            }
        }
    }

    @TempDir
    Path dir;
    final GpioDeviceTest.ManualClock clock = new GpioDeviceTest.ManualClock();
    final GpioDeviceTest.Sink sink = new GpioDeviceTest.Sink();
    final List<AutoCloseable> closeables = new ArrayList<>();

    @AfterEach
    void close() throws Exception {
        for (int i = closeables.size() - 1; i >= 0; i--) {
            closeables.get(i).close();
        }
    }

    SimServer server(int port) throws IOException {
        SimServer s = new SimServer(port);
        closeables.add(s);
        return s;
    }

    GpioDevice start(String address, ChannelSpec... channels) {
        return start(address, 1.0, channels);
    }

    GpioDevice start(String address, double speed, ChannelSpec... channels) {
        var options = new GpioDeviceOptions(GpioProviders.Kind.SIM, "gpiochip0", "auto", dir,
                GpioDeviceOptions.DEFAULT_QUEUE, address, speed);
        GpioDevice d = new GpioDevice("rig", "pump-station@1.0.0", List.of(channels), options, sink, clock).start();
        closeables.add(d);
        return d;
    }

    static ChannelSpec output(String name, int pin, boolean activeLow) {
        return new ChannelSpec(name, "", null, ValueKind.BOOLEAN, new GpioSource(pin, GpioMode.OUTPUT, activeLow,
                null, 0), null, Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null);
    }

    /** Advances the manual clock once the device has seen {@code edges} edges, and wakes the worker. */
    void afterEdges(GpioDevice d, long edges, Duration advance) {
        await().atMost(WAIT).until(() -> d.status().requests() >= edges);
        clock.advance(advance);
        d.wake();
    }

    @Test
    void inputLevelLinesBecomeDebouncedReadingsHonouringActiveLow() throws IOException {
        SimServer sim = server(0);
        GpioDevice d = start(sim.address(), GpioDeviceTest.input("sos", 27, true, Duration.ofMillis(50)),
                GpioDeviceTest.input("door_open", 5, false, Duration.ofMillis(50)));
        // before the simulator speaks, each pin has its bias' idle level: inactive
        await().atMost(WAIT).until(() -> sink.readings.size() == 2);
        assertEquals(false, sink.of("sos").get(0).value());
        assertEquals(false, sink.of("door_open").get(0).value());
        await().atMost(WAIT).until(sim::connected);

        sim.send("in 27 0", "in 5 1"); // sos pressed (active low), door open (active high)
        afterEdges(d, 2, Duration.ofMillis(50));
        await().atMost(WAIT).until(() -> sink.readings.size() == 4);
        assertEquals(true, sink.of("sos").get(1).value());
        assertEquals(true, sink.of("door_open").get(1).value());
        assertEquals(Quality.GOOD, sink.of("sos").get(1).quality());

        // a glitch shorter than the debounce is ignored
        long t = clock.nanos();
        sim.send("in 5 0");
        afterEdges(d, 3, Duration.ofMillis(10));
        sim.send("in 5 1");
        afterEdges(d, 4, Duration.ofMillis(100));
        sim.send("in 27 1"); // sos released
        afterEdges(d, 5, Duration.ofMillis(50));
        await().atMost(WAIT).until(() -> sink.of("sos").size() == 3);
        assertEquals(false, sink.of("sos").get(2).value());
        assertEquals(2, sink.of("door_open").size(), "glitch ignored");
        assertTrue(sink.of("sos").get(2).time().isAfter(GpioDeviceTest.EPOCH.plusNanos(t)));
        assertEquals(5, d.simLink().applied());
    }

    @Test
    void counterPulsesSentAsLinePairsBecomeARate() throws IOException {
        assertEquals(120.0, rainRateOfTenTipsInOneMinute(1.0), 1e-9); // 10 × 0.2 mm in 1 min
    }

    @Test
    void aSimulatorTenTimesFasterThanRealTimeGetsTheRateOfItsOwnWorld() throws IOException {
        // one real minute is ten minutes of the simulated storm: 10 × 0.2 mm in 10 min, not in 1 min
        assertEquals(12.0, rainRateOfTenTipsInOneMinute(10.0), 1e-9);
    }

    @Test
    void simulatedSpeedIsRefusedWithoutTheSimProviderAndMustBePositive() {
        IllegalArgumentException onMock = assertThrows(IllegalArgumentException.class, () -> new GpioDeviceOptions(
                GpioProviders.Kind.MOCK, "gpiochip0", "auto", dir, 1024, null, 10));
        assertEquals("sim.speed 10.0: only with provider sim (provider is mock; field hardware runs in real time)",
                onMock.getMessage());
        for (double bad : new double[] {0, -1, Double.NaN, Double.POSITIVE_INFINITY}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new GpioDeviceOptions(
                    GpioProviders.Kind.SIM, "gpiochip0", "auto", dir, 1024, null, bad), "speed " + bad);
            assertEquals("sim.speed " + bad + ": must be a finite number greater than 0", e.getMessage());
        }
        assertEquals(1.0, GpioDeviceOptions.mock(dir).simSpeed());
    }

    /** The first rain reading after a simulator at {@code speed} sent 10 tips within one real minute. */
    private double rainRateOfTenTipsInOneMinute(double speed) throws IOException {
        SimServer sim = server(0);
        // tipping bucket: activeLow, 0.2 mm per tip, reported every minute
        GpioDevice d = start(sim.address(), speed,
                GpioDeviceTest.counter("rain", 17, 0.2, Duration.ZERO, Duration.ofMinutes(1), "mm/h"));
        await().atMost(WAIT).until(sim::connected);
        sim.send("in 17 1"); // idle level (pull-up): no pulse
        List<String> pulses = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            pulses.add("in 17 0");
            pulses.add("in 17 1");
        }
        sim.send(pulses.toArray(String[]::new));
        await().atMost(WAIT).until(() -> d.simLink().applied() == 21);
        afterEdges(d, 20, Duration.ofMinutes(1));
        await().atMost(WAIT).until(() -> !sink.of("rain").isEmpty());
        Reading r = sink.of("rain").get(0);
        assertEquals("mm/h", r.unit());
        return (Double) r.value();
    }

    @Test
    void outputWritesSendOutLinesWithTheElectricalLevel() throws IOException {
        SimServer sim = server(0);
        GpioDevice d = start(sim.address(), output("pump1_run", 23, true), output("alarm_horn", 24, false));
        // on connect: every output's current level (off: high for activeLow, low otherwise)
        await().atMost(WAIT).until(() -> sim.received.containsAll(List.of("out 23 1", "out 24 0")));
        assertTrue(d.drive("pump1_run", true));
        await().atMost(WAIT).until(() -> sim.received.contains("out 23 0"));
        assertTrue(d.drive("alarm_horn", true));
        await().atMost(WAIT).until(() -> sim.received.contains("out 24 1"));
        int before = sim.received.size();
        d.close(); // stop: outputs off again
        await().atMost(WAIT).until(() -> sim.received.size() >= before + 2);
        assertEquals(List.of("out 23 1", "out 24 0"), sim.received.subList(before, before + 2));
        assertEquals(null, d.simLink(), "link closed with the device");
    }

    @Test
    void garbageAndUnknownPinsAreCountedAndIgnored() throws IOException {
        SimServer sim = server(0);
        GpioDevice d = start(sim.address(), GpioDeviceTest.input("door_open", 5, false, Duration.ZERO));
        await().atMost(WAIT).until(() -> sink.readings.size() == 1);
        await().atMost(WAIT).until(sim::connected);
        sim.send("# comment", "", "   ", "hello", "in 5", "in 5 2", "in x 1", "in 5 1 extra", "out 5 1",
                "in 6 1", "in 5 1");
        await().atMost(WAIT).until(() -> d.simLink().applied() == 1);
        SimLink link = d.simLink();
        assertEquals(6, link.garbage());
        assertEquals(1, link.ignored());
        afterEdges(d, 1, Duration.ofMillis(1));
        await().atMost(WAIT).until(() -> sink.readings.size() == 2);
        assertEquals(true, sink.of("door_open").get(1).value());
        assertTrue(link.connected(), "garbage does not drop the link");
        assertEquals(1, link.connects());
    }

    @Test
    void serverRestartReconnectsAndNewLevelsArrive() throws IOException {
        SimServer sim = server(0);
        int port = sim.port();
        GpioDevice d = start(sim.address(), GpioDeviceTest.input("door_open", 5, false, Duration.ZERO),
                output("pump1_run", 23, false));
        await().atMost(WAIT).until(() -> d.simLink().connects() == 1 && sim.connected());
        sim.send("in 5 1");
        afterEdges(d, 1, Duration.ofMillis(1));
        await().atMost(WAIT).until(() -> sink.of("door_open").size() == 2);

        sim.close();
        await().atMost(WAIT).until(() -> !d.simLink().connected());
        // while disconnected: a write is still done locally and sent once the link is back
        assertTrue(d.drive("pump1_run", true));
        assertEquals(2, sink.of("door_open").size(), "nothing new while disconnected");

        SimServer restarted = server(port);
        await().atMost(WAIT).until(() -> d.simLink().connects() == 2 && restarted.connected());
        await().atMost(WAIT).until(() -> restarted.received.contains("out 23 1"));
        restarted.send("in 5 0");
        afterEdges(d, 2, Duration.ofMillis(1));
        await().atMost(WAIT).until(() -> sink.of("door_open").size() == 3);
        assertEquals(false, sink.of("door_open").get(2).value());
        assertEquals(Quality.GOOD, sink.of("door_open").get(2).quality());
    }

    @Test
    void addressIsValidated() {
        assertEquals(5030, SimLink.address("127.0.0.1:5030").getPort());
        assertEquals("::1", SimLink.address("[::1]:5030").getHostString());
        for (String bad : List.of("localhost", ":5030", "host:", "host:0", "host:70000", "host:abc")) {
            assertThrows(IllegalArgumentException.class, () -> new GpioDeviceOptions(GpioProviders.Kind.SIM,
                    "gpiochip0", "auto", dir, 1024, bad), bad);
        }
        assertEquals(GpioDeviceOptions.DEFAULT_SIM_ADDRESS,
                new GpioDeviceOptions(GpioProviders.Kind.SIM, "gpiochip0", "auto", dir, 1024, null).simAddress());
        assertFalse(GpioProviders.Kind.parse("sim") != GpioProviders.Kind.SIM);
    }
}
