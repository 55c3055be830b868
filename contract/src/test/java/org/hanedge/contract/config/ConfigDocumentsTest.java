package org.hanedge.contract.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.hanedge.contract.config.ConfigDocumentException.Problem;
import org.junit.jupiter.api.Test;

class ConfigDocumentsTest {
    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void desiredReadsTheSiteAsTheYamlReaderWould() throws Exception {
        DesiredConfig d = ConfigDocuments.readDesired(utf8("""
                {"version": 7, "author": "ops@danang", "reason": "lake sonde deadband", "time": "2026-11-27T04:00:00Z",
                 "profileVersions": {"lake": "1.0.0"},
                 "site": {"gateway": {"id": "gw1"}, "devices": [{"id": "lake-1", "profile": "lake",
                          "modbus": {"transport": "tcp", "port": 5020, "unitId": 1, "timeout": "800ms"}}],
                          "uplink": {"broker": "tcp://fleet:1883"}, "rules": {"deadbands": {"lake-1/ph": 0.05}},
                          "big": 5000000000, "flag": true, "none": null}}
                """));
        assertEquals(7, d.version());
        assertEquals("ops@danang", d.author());
        assertEquals("lake sonde deadband", d.reason());
        assertEquals(Instant.parse("2026-11-27T04:00:00Z"), d.time());
        assertEquals(Map.of("lake", "1.0.0"), d.profileVersions());
        @SuppressWarnings("unchecked")
        Map<String, Object> modbus = (Map<String, Object>) ((Map<String, Object>) ((List<Object>) d.site()
                .get("devices")).get(0)).get("modbus");
        // integers as Integer (the site parser wants them so), durations as text
        assertEquals(Integer.valueOf(5020), modbus.get("port"));
        assertEquals("800ms", modbus.get("timeout"));
        assertEquals(Long.valueOf(5_000_000_000L), d.site().get("big"));
        assertEquals(Boolean.TRUE, d.site().get("flag"));
        assertTrue(d.site().containsKey("none"));
        assertNull(d.site().get("none"));
        assertEquals(0.05, ((Map<?, ?>) ((Map<?, ?>) d.site().get("rules")).get("deadbands")).get("lake-1/ph"));
    }

    @Test
    void desiredRoundTrips() throws Exception {
        DesiredConfig d = new DesiredConfig(12, Map.of("gateway", Map.of("id", "gw1"), "devices", List.of()),
                Map.of("lake", "1.2.0"), "a", "b", Instant.parse("2026-11-27T04:00:00.125Z"));
        assertEquals(d, ConfigDocuments.readDesired(ConfigDocuments.write(d)));
        DesiredConfig bare = DesiredConfig.of(1, Map.of("gateway", Map.of("id", "gw1")));
        assertEquals(bare, ConfigDocuments.readDesired(ConfigDocuments.write(bare)));
    }

    @Test
    void desiredCarriesProfileDocuments() throws Exception {
        String sha = "a".repeat(64);
        String yaml = "profile: lake\nversion: 1.2.0\n# Hồ Thạc Gián\n";
        DesiredConfig d = new DesiredConfig(13, Map.of("gateway", Map.of("id", "gw1")), Map.of("lake", "1.2.0"),
                Map.of("lake", new ProfileDocument("1.2.0", sha, yaml)), "a", "b", null);
        DesiredConfig back = ConfigDocuments.readDesired(ConfigDocuments.write(d));
        assertEquals(d, back);
        assertEquals(yaml, back.profiles().get("lake").yaml());
        assertTrue(new String(ConfigDocuments.write(d), StandardCharsets.UTF_8)
                .contains("\"profiles\":{\"lake\":{\"version\":\"1.2.0\",\"sha256\":\"" + sha + "\""));
        assertEquals(Map.of(), DesiredConfig.of(1, Map.of()).profiles());
    }

    @Test
    void desiredRefusesABadProfileDocumentNamingTheField() {
        String[][] cases = {
                {"{\"version\":6,\"site\":{},\"profiles\":[]}", "profiles"},
                {"{\"version\":6,\"site\":{},\"profiles\":{\"lake\":\"1.2.0\"}}", "profiles.lake"},
                {"{\"version\":6,\"site\":{},\"profiles\":{\"lake\":{\"version\":\"1.2.0\",\"yaml\":\"x\"}}}",
                        "profiles.lake.sha256"},
                {"{\"version\":6,\"site\":{},\"profiles\":{\"lake\":{\"version\":\"1.2.0\",\"sha256\":\"ABC\",\"yaml\":\"x\"}}}",
                        "profiles.lake.sha256"},
                {"{\"version\":6,\"site\":{},\"profiles\":{\"lake\":{\"version\":\"1.2.0\",\"sha256\":\""
                        + "0".repeat(64) + "\",\"yaml\":7}}}", "profiles.lake.yaml"}};
        for (String[] c : cases) {
            ConfigDocumentException e = assertThrows(ConfigDocumentException.class,
                    () -> ConfigDocuments.readDesired(utf8(c[0])), c[0]);
            assertEquals(c[1], e.path(), c[0]);
            assertEquals(6, e.version());
        }
    }

    @Test
    void reportedRoundTrips() throws Exception {
        ReportedConfig r = new ReportedConfig("gw1", 8, ConfigStatus.ROLLED_BACK,
                List.of(new ConfigError("devices[0]", "lake-1 not answering"), ConfigError.of("whole")), 7,
                Instant.parse("2026-11-27T04:01:00Z"));
        assertEquals(r, ConfigDocuments.readReported(ConfigDocuments.write(r)));
        String json = new String(ConfigDocuments.write(r), StandardCharsets.UTF_8);
        assertEquals("{\"gateway\":\"gw1\",\"version\":8,\"status\":\"ROLLED_BACK\",\"errors\":[{\"path\":"
                + "\"devices[0]\",\"message\":\"lake-1 not answering\"},{\"path\":\"\",\"message\":\"whole\"}],"
                + "\"lastGood\":7,\"time\":\"2026-11-27T04:01:00Z\"}", json);
    }

    @Test
    void unknownTopLevelFieldsAreIgnored() throws Exception {
        DesiredConfig d = ConfigDocuments.readDesired(utf8("{\"version\":3,\"site\":{},\"layer\":\"district\"}"));
        assertEquals(3, d.version());
    }

    @Test
    void problemsNameTheFieldAndKeepTheVersionWhenReadable() {
        ConfigDocumentException e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(utf8("{\"version\":4}")));
        assertEquals(Problem.MISSING_FIELD, e.problem());
        assertEquals("site", e.path());
        assertEquals(4, e.version());
        assertEquals(new ConfigError("site", "is required"), e.toError());

        e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(utf8("{\"version\":5,\"site\":[1]}")));
        assertEquals(Problem.BAD_VALUE, e.problem());
        assertEquals(5, e.version());

        e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(utf8("{\"version\":0,\"site\":{}}")));
        assertEquals("version", e.path());
        assertEquals(0, e.version());

        e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(utf8("{\"version\":\"7\",\"site\":{}}")));
        assertEquals("version", e.path());

        e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(utf8("{\"version\":6,\"site\":{},\"profileVersions\":{\"lake\":1}}")));
        assertEquals("profileVersions.lake", e.path());
        assertEquals(6, e.version());

        e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(utf8("{\"version\":6,\"site\":{},\"time\":\"yesterday\"}")));
        assertEquals("time", e.path());
    }

    @Test
    void brokenJsonIsRefused() {
        for (String bad : new String[] {"", "not json", "[1,2]", "{\"version\":1,\"version\":2,\"site\":{}}",
                "{\"version\":1,\"site\":{}} {}", "{\"version\":99999999999999999999999,\"site\":{}}"}) {
            ConfigDocumentException e = assertThrows(ConfigDocumentException.class,
                    () -> ConfigDocuments.readDesired(utf8(bad)), bad);
            assertEquals(0, e.version(), bad);
        }
        ConfigDocumentException e = assertThrows(ConfigDocumentException.class,
                () -> ConfigDocuments.readDesired(new byte[ConfigDocuments.MAX_BYTES + 1]));
        assertEquals(Problem.TOO_LARGE, e.problem());
    }

    @Test
    void reportedProblems() {
        assertThrows(ConfigDocumentException.class, () -> ConfigDocuments.readReported(utf8(
                "{\"gateway\":\"gw1\",\"version\":1,\"status\":\"DONE\",\"errors\":[],\"lastGood\":0,"
                        + "\"time\":\"2026-11-27T04:00:00Z\"}")));
        assertThrows(ConfigDocumentException.class, () -> ConfigDocuments.readReported(utf8(
                "{\"gateway\":\"gw1\",\"version\":1,\"status\":\"APPLIED\",\"errors\":[],\"lastGood\":0}")));
        assertThrows(IllegalArgumentException.class, () -> new ReportedConfig("gw1", -1, ConfigStatus.APPLIED,
                List.of(), 0, Instant.EPOCH));
        assertThrows(IllegalArgumentException.class, () -> DesiredConfig.of(0, Map.of()));
    }
}
