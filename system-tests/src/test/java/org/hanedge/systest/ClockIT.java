package org.hanedge.systest;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import org.hanedge.gateway.it.ClockLog;
import org.hanedge.gateway.it.FelixGateway;
import org.hanedge.gateway.it.GatewayProcess;
import org.hanedge.gateway.it.SimulatedSite;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gateway runtime (real Felix, the distribution's start script) whose clock is a year behind: its JVM runs under
 * libfaketime ({@code faketime -f -365d}, the monotonic clock left alone), as a Raspberry Pi without a battery-backed
 * clock after a power cut. The simulated sonde's conductivity register holds the true seconds since the test began,
 * rewritten every 50 ms, so each reading carries the true time it was taken as its value. The gateway first runs
 * with a wrong password (its readings are held in the outbox), then gets the right one; every reading the fleet server
 * stores, including those taken before the gateway learnt the time, has a time within one second of the truth, and
 * none is stored a year back.
 */
class ClockIT {
    private static final String GATEWAY = "LAKE-CLOCK-IT";

    @TempDir
    Path dir;

    @Test
    void aGatewayWhoseClockIsAYearBehindDeliversReadingsWithTrueTimes() throws Exception {
        assertTrue(onPath("faketime"), "this test needs libfaketime's faketime command: apt-get install faketime "
                + "(./hanedge test installs it)");
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site_id,kind,name,name_local,district,lat,lon,profile,note\n" + GATEWAY
                + ",lake,Clock lake,Hồ Đồng Hồ,Hai Chau,16.06,108.22,lake,clock test\n", StandardCharsets.UTF_8);
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        SimulatedSite.fill(bank, 3);
        long t0 = System.currentTimeMillis();
        ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();
        ticker.scheduleAtFixedRate(() -> bank.set("conductivity", (System.currentTimeMillis() - t0) / 1000.0), 0, 50,
                TimeUnit.MILLISECONDS);
        Path log = dir.resolve("gateway.log");
        try (FleetServerProcess server = FleetServerProcess.start(
                Path.of(System.getProperty("hanedge.fleet.jar")), dir.resolve("fleet"), FelixGateway.profilesDir(),
                sites, "512m");
                ModbusTcpSlave lake = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            String password = server.post("/api/v1/admin/gateways/" + GATEWAY + "/mqtt-credential", "{}")
                    .get("password").asText();
            Path site = dir.resolve("site.yaml");
            String config = """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: lake-clock, profile: lake, modbus: { transport: tcp, port: %d } }
                    uplink: { broker: '%s', username: %s, password: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    outbox: { directory: outbox, commitDelay: 50ms }
                    """;
            Files.writeString(site, config.formatted(GATEWAY, lake.port(), server.brokerUri(), GATEWAY, "not-yet"));
            try (GatewayProcess gateway = GatewayProcess.start(site, dir.resolve("data"), log,
                    List.of("faketime", "-f", "-365d"), Map.of("FAKETIME_DONT_FAKE_MONOTONIC", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"))) {
                // generous bounds: a JVM under libfaketime starts several times slower (more so on a loaded machine)
                await("readings taken while the gateway cannot connect").atMost(ofSeconds(240))
                        .until(() -> ClockLog.readings(log) >= 3 && Files.readString(log).contains("retrying in"));
                double lastBeforeConnect = ClockLog.lastValue(log);
                Files.writeString(site, config.formatted(GATEWAY, lake.port(), server.brokerUri(), GATEWAY, password));

                await("gateway online").atMost(ofSeconds(120))
                        .until(() -> server.get("/api/v1/gateways/" + GATEWAY).get("online").asBoolean());
                Instant from = Instant.ofEpochMilli(t0).minusSeconds(60);
                JsonNode[] points = new JsonNode[1];
                await("readings from before and after the connect stored").atMost(ofSeconds(120)).until(() -> {
                    points[0] = series(server, from, Instant.now().plusSeconds(60));
                    return points[0] != null && points[0].size() >= 8
                            && points[0].get(0).get("value").asDouble() <= lastBeforeConnect
                            && points[0].get(points[0].size() - 1).get("value").asDouble() > lastBeforeConnect + 2;
                });
                List<Long> errors = new ArrayList<>();
                for (JsonNode p : points[0]) {
                    long stored = Instant.parse(p.get("t").asText()).toEpochMilli();
                    long truth = t0 + Math.round(p.get("value").asDouble() * 1000);
                    errors.add(stored - truth);
                    assertTrue(Math.abs(stored - truth) < 1000, "reading " + p + " stored " + (stored - truth)
                            + " ms off the true time " + Instant.ofEpochMilli(truth));
                }
                System.out.println("ClockIT: " + points[0].size() + " readings (" + countAtMost(points[0],
                        lastBeforeConnect) + " taken before the gateway connected), stored time minus true time, ms: "
                        + "min " + errors.stream().mapToLong(Long::longValue).min().getAsLong() + ", max "
                        + errors.stream().mapToLong(Long::longValue).max().getAsLong());
                Instant yearBack = Instant.ofEpochMilli(t0).minus(Duration.ofDays(365));
                JsonNode old = series(server, yearBack.minusSeconds(3600), yearBack.plusSeconds(3600));
                assertTrue(old == null || old.isEmpty(), "readings stored a year back: " + old);
                String gwLog = Files.readString(log);
                assertTrue(gwLog.contains("server time: local clock off by"), "no server time measurement logged");
                gateway.terminate();
            }
        } catch (AssertionError | RuntimeException e) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            System.out.println("ClockIT: gateway log (last 6000 characters):\n"
                    + text.substring(Math.max(0, text.length() - 6000)));
            throw e;
        } finally {
            ticker.shutdownNow();
        }
        String text = Files.readString(log);
        Matcher m = Pattern.compile("local clock off by (-?[0-9]+) ms").matcher(text);
        assertTrue(m.find(), text);
        long off = Long.parseLong(m.group(1));
        assertEquals(365L * 24 * 3600 * 1000, off, 1000, "measured offset");
    }

    private static JsonNode series(FleetServerProcess server, Instant from, Instant to) throws Exception {
        try {
            return server.get("/api/v1/gateways/" + GATEWAY + "/series?device=lake-clock&channel=conductivity&from="
                    + from + "&to=" + to + "&step=PT1S").get("points");
        } catch (AssertionError e) {
            if (e.getMessage() != null && e.getMessage().contains("HTTP 404")) {
                return null; // no such series (yet)
            }
            throw e;
        }
    }

    private static long countAtMost(JsonNode points, double value) {
        long n = 0;
        for (JsonNode p : points) {
            if (p.get("value").asDouble() <= value) {
                n++;
            }
        }
        return n;
    }


    private static boolean onPath(String command) {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, command))) {
                return true;
            }
        }
        return false;
    }
}
