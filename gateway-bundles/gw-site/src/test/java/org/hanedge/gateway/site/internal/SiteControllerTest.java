package org.hanedge.gateway.site.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The site file and pushed documents through one controller, against Config Admin in memory. */
class SiteControllerTest {
    private static final String DEVICE = "org.hanedge.gateway.modbus.device~";
    private static final String UPLINK = "org.hanedge.gateway.uplink.mqtt";

    @TempDir
    Path dir;
    Path file;
    InMemoryConfigAdmin cm = new InMemoryConfigAdmin();
    SiteController controller;

    @BeforeEach
    void fileMode() throws IOException {
        file = dir.resolve("site.yaml");
        writeFile(1, "s3cret");
        controller = newController();
        controller.scan();
    }

    private SiteController newController() {
        SiteController c = new SiteController(file, dir.resolve("profiles"), new ConfigAdminApplier(cm.admin()));
        c.init();
        return c;
    }

    private void writeFile(int unitId, String password) throws IOException {
        Files.writeString(file, """
                gateway: { id: gw-1 }
                devices:
                  - { id: lake-1, profile: lake, modbus: { transport: tcp, port: 5020, unitId: %d } }
                  - { id: lake-2, profile: lake, modbus: { transport: tcp, port: 5021 } }
                uplink: { broker: 'tcp://fleet:1883', username: gw-1, password: '%s' }
                """.formatted(unitId, password));
    }

    /** A pushed document as the contract reads it from JSON (Integer numbers, String durations). */
    private static Map<String, Object> pushed(int unitId, String broker) {
        return Map.of("gateway", Map.of("id", "gw-1"),
                "devices", List.of(
                        Map.of("id", "lake-1", "profile", "lake",
                                "modbus", Map.of("transport", "tcp", "port", 5020, "unitId", unitId)),
                        Map.of("id", "lake-2", "profile", "lake", "modbus", Map.of("transport", "tcp", "port", 5021))),
                "uplink", Map.of("broker", broker, "format", "senml+cbor"),
                "rules", Map.of("deadbands", Map.of("lake-1/ph", 0.05)),
                "remoteConfig", Map.of("healthWindow", "5s"));
    }

    @Test
    void theFileIsAppliedWithoutAVersion() {
        assertEquals(0, controller.version());
        assertEquals(Map.of("gateway.id", "gw-1"), cm.get(ConfigAdminApplier.SITE_PID));
        assertEquals(1, cm.get(DEVICE + "lake-1").get("unit.id"));
        assertEquals("s3cret", cm.get(UPLINK).get("password"));
        assertEquals(60_000, cm.get(RemoteConfigSection.PID).get("health.window.ms"));
        assertEquals(0, ((String[]) cm.get(RulesSection.PID).get(RulesSection.DEADBANDS)).length);
    }

    @Test
    void aPushedDocumentIsAppliedWithTheFilesCredential() throws Exception {
        SiteChange change = controller.apply(7, pushed(3, "tcp://fleet:1883"));
        assertEquals(7, controller.version());
        assertEquals(7L, cm.get(ConfigAdminApplier.SITE_PID).get(ConfigAdminApplier.VERSION));
        assertEquals(3, cm.get(DEVICE + "lake-1").get("unit.id"));
        assertEquals("s3cret", cm.get(UPLINK).get("password"));
        assertEquals("gw-1", cm.get(UPLINK).get("username"));
        assertEquals("senml+cbor", cm.get(UPLINK).get("format"));
        assertEquals(5000, cm.get(RemoteConfigSection.PID).get("health.window.ms"));
        assertEquals(List.of("lake-1/ph=0.05"),
                List.of((String[]) cm.get(RulesSection.PID).get(RulesSection.DEADBANDS)));
        assertEquals(List.of("lake-1", "lake-2"), change.devices());
        assertEquals(Set.of("lake-1"), change.changedDevices(), "lake-2 is unchanged");
        assertTrue(change.uplinkConfigured());
        assertTrue(change.uplinkChanged(), "the format changed");

        SiteChange again = controller.apply(8, pushed(3, "tcp://fleet:1883"));
        assertEquals(Set.of(), again.changedDevices());
        assertFalse(again.uplinkChanged());
        assertEquals(8L, cm.get(ConfigAdminApplier.SITE_PID).get(ConfigAdminApplier.VERSION));
    }

    @Test
    void devicesNotInAPushedDocumentAreRemoved() throws Exception {
        Map<String, Object> oneDevice = new java.util.HashMap<>(pushed(1, "tcp://fleet:1883"));
        oneDevice.put("devices", List.of(((List<?>) oneDevice.get("devices")).get(0)));
        oneDevice.put("rules", Map.of());
        SiteChange change = controller.apply(7, oneDevice);
        assertEquals(Set.of("lake-2"), change.removedDevices());
        assertEquals(List.of("lake-1"), change.devices());
        assertNull(cm.get(DEVICE + "lake-2"));
        SiteChange back = controller.applyLocal();
        assertEquals(Set.of("lake-2"), back.changedDevices(), "created again");
        assertEquals(Set.of(), back.removedDevices());
    }

    @Test
    void refusedDocumentsWriteNothingAndNameTheField() {
        int before = cm.writes;
        Map<String, Object> withPassword = new java.util.HashMap<>(pushed(3, "tcp://fleet:1883"));
        withPassword.put("uplink", Map.of("broker", "tcp://fleet:1883", "password", "leaked"));
        assertEquals(new SiteProblem("uplink.password",
                "is never pushed: the credential stays in the gateway's site file"), problem(withPassword));

        Map<String, Object> otherGateway = new java.util.HashMap<>(pushed(3, "tcp://fleet:1883"));
        otherGateway.put("gateway", Map.of("id", "gw-2"));
        assertEquals("gateway.id", problem(otherGateway).path());

        Map<String, Object> noUplink = new java.util.HashMap<>(pushed(3, "tcp://fleet:1883"));
        noUplink.remove("uplink");
        assertEquals("uplink", problem(noUplink).path());

        SiteProblem badUnit = problem(pushed(300, "tcp://fleet:1883"));
        assertEquals("devices[0].modbus.unitId", badUnit.path());
        assertEquals("must be an integer from 0 to 247, not '300'", badUnit.message());

        Map<String, Object> badDeadband = new java.util.HashMap<>(pushed(3, "tcp://fleet:1883"));
        badDeadband.put("rules", Map.of("deadbands", Map.of("lake-9/ph", 0.1)));
        assertEquals("rules.deadbands.lake-9/ph", problem(badDeadband).path());

        assertEquals(before, cm.writes, "nothing of a refused document reaches Config Admin");
        assertEquals(0, controller.version());
        SiteRefusedException e = assertThrows(SiteRefusedException.class, () -> controller.check(withPassword));
        assertFalse(e.getMessage().contains("leaked"), e.getMessage());
    }

    private SiteProblem problem(Map<String, Object> doc) {
        SiteRefusedException e = assertThrows(SiteRefusedException.class, () -> controller.apply(9, doc));
        assertEquals(1, e.problems().size());
        assertTrue(e.getMessage().startsWith("pushed configuration 9: "), e.getMessage());
        return e.problems().get(0);
    }

    @Test
    void underAPushLocalEditsAreNotAppliedButANewPasswordIs() throws Exception {
        controller.apply(7, pushed(3, "tcp://fleet:1883"));
        writeFile(5, "s3cret");
        controller.scan();
        assertEquals(3, cm.get(DEVICE + "lake-1").get("unit.id"), "the pushed unit id stays");

        writeFile(5, "rotated");
        controller.scan();
        assertEquals("rotated", cm.get(UPLINK).get("password"));
        assertEquals(3, cm.get(DEVICE + "lake-1").get("unit.id"));
        assertEquals(7, controller.version());
    }

    @Test
    void aRestartKeepsThePushedConfigurationInsteadOfTheFile() throws Exception {
        controller.apply(7, pushed(3, "tcp://fleet:1883"));
        writeFile(5, "s3cret");
        SiteController restarted = newController();
        assertEquals(7, restarted.version());
        restarted.scan();
        assertEquals(3, cm.get(DEVICE + "lake-1").get("unit.id"), "the file is not applied at start under a push");
        restarted.apply(7, pushed(3, "tcp://fleet:1883"));
        assertEquals(3, cm.get(DEVICE + "lake-1").get("unit.id"));
    }

    @Test
    void applyLocalReturnsToTheFile() throws Exception {
        controller.apply(7, pushed(3, "tcp://fleet:1883"));
        SiteChange change = controller.applyLocal();
        assertEquals(0, change.version());
        assertEquals(0, controller.version());
        assertNull(cm.get(ConfigAdminApplier.SITE_PID).get(ConfigAdminApplier.VERSION));
        assertEquals(1, cm.get(DEVICE + "lake-1").get("unit.id"));
        assertEquals(Set.of("lake-1"), change.changedDevices());
        writeFile(4, "s3cret");
        controller.scan();
        assertEquals(4, cm.get(DEVICE + "lake-1").get("unit.id"), "file mode again: edits apply");
    }

    @Test
    void theLocalDocumentHasNoCredential() throws Exception {
        Map<String, Object> local = controller.localDocument();
        assertEquals(Map.of("broker", "tcp://fleet:1883"), local.get("uplink"));
        assertEquals(Map.of("id", "gw-1"), local.get("gateway"));
        assertFalse(local.toString().contains("s3cret"));
    }

    @Test
    void aConfigAdminFailurePartWayIsReported() {
        cm.failAfter = 2;
        assertThrows(IOException.class, () -> controller.apply(7, pushed(3, "tcp://other:1883")));
    }
}
