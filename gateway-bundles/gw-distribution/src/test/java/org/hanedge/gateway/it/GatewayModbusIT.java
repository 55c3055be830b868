package org.hanedge.gateway.it;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.simulators.PtyPair;
import org.hanedge.simulators.modbus.Fault;
import org.hanedge.simulators.modbus.ModbusRtuSlave;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.ServiceReference;

/**
 * The gateway runtime in a real Felix framework reads a lake sonde simulator over Modbus TCP and a pump-station PLC
 * simulator over Modbus RTU on a socat pseudo-terminal pair, exactly as their profiles describe.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayModbusIT {
    private Path dir;
    private Path profiles;
    private Path site;
    private ModbusTcpSlave lake;
    private ModbusRtuSlave pumpStation;
    private PtyPair pty;
    private Map<String, Object> lakeExpected;
    private Map<String, Object> pumpExpected;
    private FelixGateway gateway;

    @BeforeAll
    void startSiteAndGateway(@TempDir Path tmp) throws Exception {
        dir = tmp;
        profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "lake", "pump-station");
        RegisterBank lakeBank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        lakeExpected = SimulatedSite.fill(lakeBank, 0);
        lake = new ModbusTcpSlave(lakeBank, 1).start("127.0.0.1", 0);

        RegisterBank psBank = new RegisterBank(SimulatedSite.load(profiles, "pump-station"));
        pumpExpected = SimulatedSite.fill(psBank, 1);
        pty = PtyPair.open(dir.resolve("ps-gateway"), dir.resolve("ps-sim"));
        pumpStation = new ModbusRtuSlave(psBank, 7).start(pty.b().toString(), 9600);

        site = dir.resolve("site.yaml");
        writeSite(false);
        gateway = FelixGateway.start(site, dir.resolve("felix"));
    }

    private void writeSite(boolean withSecondLake) throws Exception {
        String yaml = """
                gateway: { id: gw-it-01 }
                profiles: %s
                devices:
                  - id: lake-thac-gian
                    profile: lake
                    modbus: { transport: tcp, host: 127.0.0.1, port: %d, timeout: 300ms, offlineAfter: 2, offlinePoll: 1s }
                  - id: ps-hoa-xuan
                    profile: pump-station
                    modbus: { transport: rtu, serialPort: %s, baud: 9600, unitId: 7, timeout: 300ms }
                """.formatted(profiles, lake.port(), pty.a());
        if (withSecondLake) {
            yaml += """
                      - id: lake-bau-tram
                        profile: lake
                        modbus: { transport: tcp, port: %d, unitId: 1 }
                    """.formatted(lake.port());
        }
        Files.writeString(site, yaml);
    }

    @AfterAll
    void stop() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        if (lake != null) {
            lake.close();
        }
        if (pumpStation != null) {
            pumpStation.close();
        }
        if (pty != null) {
            pty.close();
        }
    }

    @Test
    void readsEveryChannelOfBothProfilesWithScaledValues() {
        await().atMost(ofSeconds(30)).untilAsserted(() -> {
            assertChannels("lake-thac-gian", lakeExpected);
            assertChannels("ps-hoa-xuan", pumpExpected);
        });
    }

    private void assertChannels(String device, Map<String, Object> expected) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            Reading r = gateway.latest(device, e.getKey()).orElseThrow(() -> new AssertionError(
                    device + "/" + e.getKey() + " has no reading yet"));
            assertEquals(Quality.GOOD, r.quality(), r.toString());
            if (e.getValue() instanceof Boolean b) {
                assertEquals(b, r.value(), r.toString());
            } else {
                double want = (Double) e.getValue();
                assertEquals(want, r.numberValue(), 1e-4 * Math.max(1, Math.abs(want)), r.toString());
            }
        }
    }

    @Test
    void shellCommandsListLatestValuesAndDeviceStates() throws Exception {
        await().atMost(ofSeconds(30)).untilAsserted(() -> assertChannels("ps-hoa-xuan", pumpExpected));
        ServiceReference<?> ref = gateway.context()
                .getAllServiceReferences("org.hanedge.gateway.stream.internal.ShellCommands", null)[0];
        assertEquals("hanedge", ref.getProperty("osgi.command.scope"));
        Object shell = gateway.context().getService(ref);
        try {
            String latest = (String) shell.getClass().getMethod("latest").invoke(shell);
            double level = (Double) pumpExpected.get("wet_well_level");
            assertTrue(latest.contains("ps-hoa-xuan") && latest.contains("wet_well_level")
                    && latest.contains(String.format(java.util.Locale.ROOT, "%.4g m", level)), latest);
            assertTrue(latest.lines().count() > lakeExpected.size() + pumpExpected.size(), latest);
            String devices = (String) shell.getClass().getMethod("devices").invoke(shell);
            String pumpRef = "pump-station@" + SimulatedSite.load(profiles, "pump-station").version();
            assertTrue(devices.lines().anyMatch(l -> l.startsWith("ps-hoa-xuan") && l.contains(pumpRef)
                    && l.contains("ONLINE")), devices);
        } finally {
            gateway.context().ungetService(ref);
        }
    }

    @Test
    void eachFaultOnOneDeviceLeavesTheOtherPolledOnTime() {
        Map<Fault, Set<Quality>> faults = Map.of(
                Fault.exception(4), Set.of(Quality.BAD_DEVICE_FAILURE),
                Fault.exception(2), Set.of(Quality.BAD_CONFIG),
                Fault.timeout(), Set.of(Quality.BAD_COMM, Quality.BAD_OFFLINE),
                Fault.slow(java.time.Duration.ofSeconds(2)), Set.of(Quality.BAD_COMM, Quality.BAD_OFFLINE),
                Fault.drop(), Set.of(Quality.BAD_COMM, Quality.BAD_OFFLINE),
                Fault.garble(), Set.of(Quality.BAD_COMM, Quality.BAD_OFFLINE));
        for (Map.Entry<Fault, Set<Quality>> f : faults.entrySet()) {
            // a fault on the TCP lake sonde; the RTU pump station keeps delivering fresh good readings
            lake.faults().set(f.getKey());
            Instant since = Instant.now();
            await("lake under " + f.getKey()).atMost(ofSeconds(20)).untilAsserted(() -> {
                Reading r = gateway.reading("lake-thac-gian", "ph");
                assertTrue(f.getValue().contains(r.quality()) && r.time().isAfter(since), r.toString());
            });
            await("pump station while the lake has " + f.getKey()).atMost(ofSeconds(5)).untilAsserted(() -> {
                Reading r = gateway.reading("ps-hoa-xuan", "wet_well_level");
                assertEquals(Quality.GOOD, r.quality(), r.toString());
                assertTrue(r.time().isAfter(since.plusSeconds(1)), r.toString());
            });
            lake.faults().set(Fault.NONE);
            await("lake recovers from " + f.getKey()).atMost(ofSeconds(20)).untilAsserted(
                    () -> assertChannels("lake-thac-gian", lakeExpected));
        }
    }

    @Test
    void garbledAndSilentRtuDeviceDoesNotStallTheTcpDevice() {
        for (Fault fault : List.of(Fault.garble(), Fault.timeout())) {
            pumpStation.faults().set(fault);
            Instant since = Instant.now();
            await("pump station under " + fault).atMost(ofSeconds(20)).untilAsserted(() -> {
                Reading r = gateway.reading("ps-hoa-xuan", "wet_well_level");
                assertTrue(Set.of(Quality.BAD_COMM, Quality.BAD_OFFLINE).contains(r.quality())
                        && r.time().isAfter(since), r.toString());
            });
            await("lake while the pump station has " + fault).atMost(ofSeconds(5)).untilAsserted(() -> {
                Reading r = gateway.reading("lake-thac-gian", "ph");
                assertEquals(Quality.GOOD, r.quality(), r.toString());
                assertTrue(r.time().isAfter(since.plusSeconds(1)), r.toString());
            });
            pumpStation.faults().set(Fault.NONE);
            await("pump station recovers from " + fault).atMost(ofSeconds(40)).untilAsserted(
                    () -> assertChannels("ps-hoa-xuan", pumpExpected));
        }
    }

    @Test
    void siteConfigChangesApplyWithoutRestart() throws Exception {
        writeSite(true);
        await("added device polled").atMost(ofSeconds(20)).untilAsserted(
                () -> assertChannels("lake-bau-tram", lakeExpected));
        writeSite(false);
        await("removed device stopped").atMost(ofSeconds(20)).until(
                () -> !gateway.devices().contains("lake-bau-tram"));
        assertEquals(List.of("lake-thac-gian", "ps-hoa-xuan"), gateway.devices());
    }

    @Test
    void brokenProfileIsRefusedAndTheLastGoodKeepsRunning() throws Exception {
        Path lakeYaml = profiles.resolve("lake.yaml");
        String good = Files.readString(lakeYaml);
        String shipped = SimulatedSite.load(profiles, "lake").version();
        await().atMost(ofSeconds(30)).untilAsserted(() -> assertChannels("lake-thac-gian", lakeExpected));

        Files.writeString(lakeYaml, good.replaceFirst("type: float32", "type: float33"));
        Instant since = Instant.now();
        await("lake keeps polling with the last good profile").during(ofSeconds(5)).atMost(ofSeconds(8))
                .until(() -> profileVersion("lake").equals(Optional.of(shipped)));
        await().atMost(ofSeconds(5)).untilAsserted(() -> {
            Reading r = gateway.reading("lake-thac-gian", "water_temperature");
            assertTrue(r.quality() == Quality.GOOD && r.time().isAfter(since.plusSeconds(4)), r.toString());
        });

        // a valid change is applied at run time: the temperature is now read with a scale of 10
        Files.writeString(lakeYaml, good.replaceFirst("version: " + shipped, "version: 9.9.1")
                .replaceFirst("address: 0, type: float32 }", "address: 0, type: float32, scale: 10 }"));
        await("new profile version in service").atMost(ofSeconds(20))
                .until(() -> profileVersion("lake").equals(Optional.of("9.9.1")));
        double temperature = (Double) lakeExpected.get("water_temperature");
        await("device re-bound to the new profile").atMost(ofSeconds(20)).untilAsserted(() -> assertEquals(
                temperature * 10, gateway.reading("lake-thac-gian", "water_temperature").numberValue(),
                1e-3));
        Files.writeString(lakeYaml, good);
        await().atMost(ofSeconds(20)).untilAsserted(() -> assertChannels("lake-thac-gian", lakeExpected));
    }

    private Optional<String> profileVersion(String id) throws Exception {
        return gateway.context().getServiceReferences(DeviceProfile.class, "(hanedge.profile.id=" + id + ")")
                .stream().map(r -> (String) r.getProperty(DeviceProfile.PROFILE_VERSION)).findFirst();
    }
}
