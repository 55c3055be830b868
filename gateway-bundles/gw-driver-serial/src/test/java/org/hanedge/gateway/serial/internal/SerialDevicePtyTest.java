package org.hanedge.gateway.serial.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import com.fazecast.jSerialComm.SerialPort;
import org.hanedge.gateway.api.DeviceState;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.PtyPair;
import org.hanedge.simulators.serial.NmeaGps;
import org.hanedge.simulators.serial.Route;
import org.hanedge.simulators.serial.Routes;
import org.hanedge.simulators.serial.ScaleIndicator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The driver's internal classes against the serial simulators over real socat pseudo-terminal pairs. */
class SerialDevicePtyTest {
    static DeviceProfile truck;
    static DeviceProfile boat;

    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeAll
    static void profiles() throws Exception {
        assumeTrue(PtyPair.socatAvailable(), PtyPair.SOCAT_MISSING);
        truck = ProfileLoader.load(Path.of("../../device-profiles/waste-truck.yaml"));
        boat = ProfileLoader.load(Path.of("../../device-profiles/fishing-boat.yaml"));
    }

    @AfterEach
    void closeAll() {
        for (int i = open.size() - 1; i >= 0; i--) {
            try {
                open.get(i).close();
            } catch (Exception e) {
                // closing anyway
            }
        }
    }

    private <T extends AutoCloseable> T track(T c) {
        open.add(c);
        return c;
    }

    private PtyPair pty() throws Exception {
        return track(PtyPair.openTemp());
    }

    private SerialDevice device(String id, DeviceProfile p, PtyPair pty, int baud, SerialDeviceOptions.Protocol proto,
            CollectingSink sink, SerialDeviceOptions base) {
        return track(new SerialDevice(id, p.ref(), p.channels(), SerialSettings.of(pty.a().toString(), baud),
                base.withProtocol(proto), sink).start());
    }

    private static SerialDeviceOptions fast() {
        return SerialDeviceOptions.DEFAULTS.withReopenMax(Duration.ofSeconds(1)).withSilence(Duration.ofSeconds(2));
    }

    /** Shortest distance in metres from a point to the route's polyline. */
    static double offRoute(Route r, double lat, double lon) {
        double best = Double.MAX_VALUE;
        List<Route.Waypoint> w = r.waypoints();
        double k = 111_320 * Math.cos(Math.toRadians(lat));
        for (int i = 1; i < w.size(); i++) {
            double ax = (w.get(i - 1).lon() - lon) * k;
            double ay = (w.get(i - 1).lat() - lat) * 110_574;
            double bx = (w.get(i).lon() - lon) * k;
            double by = (w.get(i).lat() - lat) * 110_574;
            double dx = bx - ax;
            double dy = by - ay;
            double len = dx * dx + dy * dy;
            double t = len == 0 ? 0 : Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len));
            best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
        }
        return best;
    }

    @Test
    void wasteTruckPositionSpeedAndLoadFollowTheRoundToTheWeighbridge() throws Exception {
        Route route = Routes.wasteTruck();
        double start = route.arrival(Routes.WEIGHBRIDGE) - 40;
        PtyPair gpsPty = pty();
        PtyPair scalePty = pty();
        track(new NmeaGps(route, "GN", 20, start)).start(gpsPty.b().toString(), 4800);
        track(new ScaleIndicator(route, 20, start)).start(scalePty.b().toString(), 9600);
        CollectingSink sink = new CollectingSink();
        device("truck-07", truck, gpsPty, 4800, SerialDeviceOptions.Protocol.NMEA, sink, fast());
        device("truck-07", truck, scalePty, 9600, SerialDeviceOptions.Protocol.ASCII, sink, fast());

        await().atMost(Duration.ofSeconds(30)).until(() -> sink.of("gross_weight").stream()
                .anyMatch(r -> r.numberValue() > 1000) && zeroAfterLoad(sink.of("gross_weight")));
        List<Reading> lat = sink.of("position_lat");
        List<Reading> lon = sink.of("position_lon");
        assertTrue(lat.size() >= 10, "positions: " + lat.size());
        for (int i = 0; i < Math.min(lat.size(), lon.size()); i++) {
            assertEquals(Quality.GOOD, lat.get(i).quality());
            double d = offRoute(route, lat.get(i).numberValue(), lon.get(i).numberValue());
            assertTrue(d < 5, "position " + lat.get(i).value() + "," + lon.get(i).value() + " is " + d + " m off the route");
        }
        Set<Double> legSpeeds = Set.of(0.0, 10.0, 20.0, 25.0, 35.0, 40.0);
        for (Reading s : sink.of("speed")) {
            assertEquals("km/h", s.unit());
            assertTrue(legSpeeds.stream().anyMatch(v -> Math.abs(v - s.numberValue()) < 0.15), "speed " + s.value());
        }
        assertTrue(sink.of("speed").stream().anyMatch(s -> Math.abs(s.numberValue() - 35) < 0.15), "drove at 35 km/h");
        assertEquals(1.0, sink.last("fix_quality").numberValue());
        assertTrue(sink.last("satellites").numberValue() >= 4);
        assertTrue(sink.last("hdop").numberValue() < 2);
        Reading lastLat = sink.last("position_lat");
        assertTrue(Math.abs(lastLat.numberValue() - Routes.LANDFILL_LAT) < 0.01, "near Khánh Sơn: " + lastLat.value());
    }

    private static boolean zeroAfterLoad(List<Reading> w) {
        boolean loaded = false;
        for (Reading r : w) {
            loaded |= r.numberValue() > 1000;
            if (loaded && r.numberValue() == 0) {
                return true;
            }
        }
        return false;
    }

    @Test
    void lossOfFixIsReportedAsQualityNeverAsAZeroPositionAndSilenceAsAGap() throws Exception {
        Route route = new Route("test-boat", List.of(
                Route.Waypoint.stop("harbour", Routes.HARBOUR_LAT, Routes.HARBOUR_LON, 0, 0),
                Route.Waypoint.stop("sea", 16.20, 108.30, 30, 3600)),
                List.of(new Route.Outage(20, 40, Route.OutageKind.NO_FIX),
                        new Route.Outage(60, 100, Route.OutageKind.SILENT)), 0);
        PtyPair gpsPty = pty();
        track(new NmeaGps(route, "GP", 10, 0)).start(gpsPty.b().toString(), 9600);
        CollectingSink sink = new CollectingSink();
        SerialDevice dev = device("boat-12", boat, gpsPty, 9600, SerialDeviceOptions.Protocol.AUTO, sink, fast());

        await().atMost(Duration.ofSeconds(40)).until(() -> dev.gaps() >= 1 && sink.of("position_lat").stream()
                .filter(r -> r.quality() == Quality.GOOD).count() > 20);
        List<Reading> fix = sink.of("fix_quality");
        assertTrue(fix.stream().anyMatch(r -> r.quality() == Quality.GOOD && r.numberValue() == 0), "fix lost reported");
        for (Reading r : sink.of("position_lat")) {
            assertTrue(r.value() == null || Math.abs(r.numberValue()) > 1, "never a zero position: " + r);
        }
        List<Reading> uncertain = sink.where(r -> r.channel().equals("position_lat") && r.quality() == Quality.UNCERTAIN);
        assertFalse(uncertain.isEmpty(), "last fixed position repeated as UNCERTAIN while the fix is lost");
        assertTrue(sink.where(r -> r.channel().equals("speed") && r.quality() == Quality.UNCERTAIN).isEmpty(),
                "no speed without a fix");
        assertFalse(sink.where(r -> r.channel().equals("position_lat") && r.quality() == Quality.BAD_COMM).isEmpty(),
                "silence reported as BAD_COMM");
        assertTrue(dev.lastGap().toMillis() >= 1500, "gap " + dev.lastGap());
        assertEquals(DeviceState.ONLINE, dev.state());
        assertEquals("[kn_i]", sink.last("speed").unit());
        assertEquals(30 / 1.852, sink.last("speed").numberValue(), 0.06);
    }

    @Test
    void badInputIsCountedPerReasonAndTheOtherDeviceKeepsReading() throws Exception {
        PtyPair gpsPty = pty();
        PtyPair scalePty = pty();
        track(new ScaleIndicator(Routes.wasteTruck(), 5, 0)).start(scalePty.b().toString(), 9600);
        CollectingSink sink = new CollectingSink();
        SerialDevice gps = device("truck-07", truck, gpsPty, 4800, SerialDeviceOptions.Protocol.NMEA, sink,
                SerialDeviceOptions.DEFAULTS);
        device("truck-07-scale", truck, scalePty, 9600, SerialDeviceOptions.Protocol.ASCII, sink,
                SerialDeviceOptions.DEFAULTS);
        SerialPort w = track(new Writer(gpsPty.b().toString())).port;
        String gga = NmeaGps.sentence("GPGGA,101010.00,1603.0000,N,10812.0000,E,1,09,0.9,12.0,M,27.0,M,,");
        String rmc = NmeaGps.sentence("GPRMC,101010.00,A,1603.0000,N,10812.0000,E,12.0,90.0,010325,,,A");
        write(w, gga + "\r\n");
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.of("position_lat").size() == 1);
        int scaleBefore = sink.of("gross_weight").size();

        byte[] garbage = new byte[200];
        new Random(7).nextBytes(garbage);
        for (int i = 0; i < garbage.length; i++) {
            if (garbage[i] == '$' || garbage[i] == '\r' || garbage[i] == '\n') {
                garbage[i] = 0x7f;
            }
        }
        write(w, "\r\n");
        w.writeBytes(garbage, garbage.length);
        write(w, "\r\n");
        write(w, gga.substring(0, gga.length() - 1) + (gga.endsWith("0") ? "1" : "0") + "\r\n"); // wrong checksum
        write(w, gga.substring(0, 30));                                                          // split ...
        LockSupport.parkNanos(100_000_000L); // not synchronization: lets the first half arrive in its own read
        write(w, gga.substring(30) + "\r\n");                                                    // ... joined
        write(w, gga + rmc + "\r\n");                                                             // merged
        write(w, gga.substring(0, 40) + rmc + "\r\n");                                            // truncated + merged
        write(w, "$GPGGA," + "1234567890".repeat(10) + "*00\r\n");                                // > 82 characters
        byte[] wrongBaud = wrongBaud((gga + "\r\n" + rmc + "\r\n" + gga + "\r\n").getBytes(StandardCharsets.US_ASCII));
        w.writeBytes(wrongBaud, wrongBaud.length);
        write(w, "\r\n" + gga + "\r\n");                                                          // recovered

        BadInputCounter bad = gps.badInput();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.of("position_lat").size() == 4);
        assertEquals(1, bad.count(BadInput.BAD_CHECKSUM), bad.snapshot().toString());
        assertEquals(1, bad.count(BadInput.NO_CHECKSUM), bad.snapshot().toString());
        assertEquals(1, bad.count(BadInput.TOO_LONG), bad.snapshot().toString());
        assertTrue(bad.count(BadInput.GARBAGE) >= 2, bad.snapshot().toString());
        assertEquals(2, sink.of("speed").size(), "merged RMCs decoded");
        assertTrue(bad.logLines() <= bad.snapshot().size(), "one log line per reason within the minute");
        assertTrue(gps.status().failures() >= 5);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.of("gross_weight").size() > scaleBefore + 3);
    }

    /** What a 4800-baud stream looks like to a port set to 9600: every bit sampled twice, two bytes per byte. */
    static byte[] wrongBaud(byte[] in) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte b : in) {
            int lo = 0;
            int hi = 0;
            for (int i = 0; i < 4; i++) {
                lo |= ((b >> i) & 1) * 3 << (2 * i);
                hi |= ((b >> (i + 4)) & 1) * 3 << (2 * i);
            }
            out.write(lo);
            out.write(hi);
        }
        return out.toByteArray();
    }

    @Test
    void unpluggedPortIsReportedOfflineAndReopenedWithTheGapWhileTheOtherDeviceKeepsReading() throws Exception {
        Path dir = java.nio.file.Files.createTempDirectory("hanedge-pty-unplug");
        Path a = dir.resolve("ttyUSB0");
        Path b = dir.resolve("ttyUSB0.sim");
        PtyPair gpsPty = PtyPair.open(a, b);
        NmeaGps gps = new NmeaGps(Routes.wasteTruck(), "GP", 10, 0);
        gps.start(b.toString(), 4800);
        PtyPair scalePty = pty();
        track(new ScaleIndicator(Routes.wasteTruck(), 5, 0)).start(scalePty.b().toString(), 9600);
        CollectingSink sink = new CollectingSink();
        SerialDevice dev = device("truck-07", truck, gpsPty, 4800, SerialDeviceOptions.Protocol.NMEA, sink, fast());
        device("truck-07-scale", truck, scalePty, 9600, SerialDeviceOptions.Protocol.ASCII, sink, fast());
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.of("position_lat").size() >= 3);

        gps.close();
        gpsPty.close(); // the adapter vibrates loose: the device node disappears
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.where(r -> r.channel().equals("position_lat")
                && r.quality() == Quality.BAD_OFFLINE).size() == 1);
        assertEquals(DeviceState.OFFLINE, dev.state());
        int scaleDuringGap = sink.of("gross_weight").size();
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.of("gross_weight").size() > scaleDuringGap + 2);

        PtyPair back = track(PtyPair.open(a, b)); // plugged back: same path, a new device behind it
        track(new NmeaGps(Routes.wasteTruck(), "GP", 10, 0)).start(b.toString(), 4800);
        int before = sink.of("position_lat").size();
        await().atMost(Duration.ofSeconds(15)).until(() -> sink.of("position_lat").size() > before + 2
                && sink.last("position_lat").quality() == Quality.GOOD);
        assertEquals(1, dev.gaps());
        assertNotNull(dev.lastGap());
        assertTrue(dev.lastGap().toMillis() > 0);
        assertEquals(DeviceState.ONLINE, dev.state());
        assertTrue(back.isAlive());
    }

    @Test
    void polledInstrumentAnswersRequestsAndATimeoutIsBadComm() throws Exception {
        List<ChannelSpec> channels = List.of(
                new ChannelSpec("dissolved_oxygen", "DO", "mg/L", ValueKind.NUMBER,
                        new SerialLineSource("READ DO\r\n", "^DO\\s+([-+]?\\d+(\\.\\d+)?)\\s*mg/L$", 1, 1),
                        Duration.ofMillis(300), Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null),
                new ChannelSpec("firmware", "fw", null, ValueKind.TEXT,
                        new SerialLineSource("VER\r\n", "^VER (.+)$", 1, 1), Duration.ofMillis(500),
                        Reporting.EVERY_SAMPLE, AlarmLimits.NONE, null));
        DeviceProfile sonde = new DeviceProfile("sonde", "1.0.0", "test sonde", channels);
        PtyPair pty = pty();
        AtomicBoolean answering = new AtomicBoolean(true);
        Writer inst = track(new Writer(pty.b().toString()));
        Thread t = new Thread(() -> inst.answer(answering), "test-sonde");
        t.setDaemon(true);
        t.start();
        CollectingSink sink = new CollectingSink();
        SerialDevice dev = track(new SerialDevice("lake-3-sonde", sonde.ref(), sonde.channels(),
                SerialSettings.of(pty.a().toString(), 9600),
                SerialDeviceOptions.DEFAULTS.withReplyTimeout(Duration.ofMillis(250)), sink).start());
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.of("dissolved_oxygen").size() >= 3
                && !sink.of("firmware").isEmpty());
        assertEquals(7.85, sink.last("dissolved_oxygen").numberValue(), 1e-9);
        assertEquals("2.1.0", sink.last("firmware").value());
        answering.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.last("dissolved_oxygen").quality() == Quality.BAD_COMM);
        assertTrue(dev.badInput().count(BadInput.REPLY_TIMEOUT) >= 1);
        answering.set(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> sink.last("dissolved_oxygen").quality() == Quality.GOOD);
        inst.stop = true;
    }

    private static void write(SerialPort p, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        assertEquals(b.length, p.writeBytes(b, b.length));
    }

    /** The far end of a pty: writes test input, or plays a polled instrument. */
    static final class Writer implements AutoCloseable {
        final SerialPort port;
        volatile boolean stop;

        Writer(String path) {
            port = SerialPort.getCommPort(path);
            port.setComPortParameters(9600, 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
            port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING | SerialPort.TIMEOUT_WRITE_BLOCKING, 100, 1000);
            assertTrue(port.openPort(), "open " + path);
        }

        void answer(AtomicBoolean answering) {
            StringBuilder sb = new StringBuilder();
            byte[] buf = new byte[256];
            while (!stop) {
                int n = port.readBytes(buf, buf.length);
                for (int i = 0; i < n; i++) {
                    char c = (char) buf[i];
                    if (c == '\n') {
                        String req = sb.toString().trim();
                        sb.setLength(0);
                        if (!answering.get()) {
                            continue;
                        }
                        String reply = switch (req) {
                            case "READ DO" -> "DO 7.85 mg/L\r\n";
                            case "VER" -> "VER 2.1.0\r\n";
                            default -> "ERR\r\n";
                        };
                        byte[] out = reply.getBytes(StandardCharsets.US_ASCII);
                        port.writeBytes(out, out.length);
                    } else if (c != '\r') {
                        sb.append(c);
                    }
                }
                if (n < 0) {
                    return;
                }
            }
        }

        @Override
        public void close() {
            stop = true;
            port.closePort();
        }
    }
}
