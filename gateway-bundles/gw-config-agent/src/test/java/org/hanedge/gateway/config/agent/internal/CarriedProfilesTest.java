package org.hanedge.gateway.config.agent.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ProfileDocument;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles carried by a desired document, checked with gw-profile's parser: a damaged text (sha-256), a broken
 * profile, a version other than stated are REJECTED naming {@code profiles.<id>}, nothing applied; a sound carried
 * profile of the version the gateway runs passes.
 */
class CarriedProfilesTest {
    @TempDir
    Path dir;
    Fakes.Site site = new Fakes.Site();
    Fakes.Reports reports = new Fakes.Reports();
    Collection<DeviceProfile> profiles = new ArrayList<>();
    ConfigAgent agent;
    String lake;

    @BeforeEach
    void start() throws Exception {
        lake = Files.readString(Path.of("..", "..", "device-profiles", "lake.yaml"), StandardCharsets.UTF_8);
        Fakes.Time time = new Fakes.Time();
        agent = new ConfigAgent(site, new StateStore(dir.resolve("config-agent.json")), new Fakes.Health(),
                () -> profiles, reports, () -> "gw-1", () -> new AgentSettings(10_000, 500, 5_000), time, time::nanos,
                Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC));
        agent.start();
    }

    private static DesiredConfig carrying(long v, String version, ProfileDocument doc) {
        return new DesiredConfig(v, Fakes.siteDoc(1, 0.05), Map.of("lake", version), Map.of("lake", doc), null, null,
                null);
    }

    private ReportedConfig send(DesiredConfig d) {
        agent.onDesired(ConfigDocuments.write(d));
        return reports.last();
    }

    @Test
    void aDamagedTextIsRejectedByItsDigest() {
        ReportedConfig r = send(carrying(3, "1.1.0", new ProfileDocument("1.1.0", "0".repeat(64), lake)));
        assertEquals(ConfigStatus.REJECTED, r.status());
        assertEquals("profiles.lake.sha256", r.errors().get(0).path());
        assertTrue(r.errors().get(0).message().contains(CarriedProfiles.sha256(lake)), r.toString());
        assertEquals(List.of(), site.applied);
    }

    @Test
    void aBrokenProfileIsRejectedWithTheParsersLine() {
        String broken = lake.replaceFirst("type: float32 }", "type: float33 }");
        ReportedConfig r = send(carrying(4, "1.1.0", new ProfileDocument("1.1.0", CarriedProfiles.sha256(broken),
                broken)));
        assertEquals(ConfigStatus.REJECTED, r.status());
        ConfigError e = r.errors().get(0);
        assertEquals("profiles.lake", e.path());
        assertTrue(e.message().startsWith("line 20, column ") && e.message().contains("channels[0].source.type")
                && e.message().contains("float33"), e.message());
        assertEquals(List.of(), site.applied);
    }

    @Test
    void aVersionOtherThanTheTextsOrTheStatedOneIsRejected() {
        ReportedConfig r = send(carrying(5, "1.2.0", new ProfileDocument("1.2.0", CarriedProfiles.sha256(lake),
                lake)));
        assertEquals(ConfigStatus.REJECTED, r.status());
        assertEquals("profiles.lake.version", r.errors().get(0).path());
        assertTrue(r.errors().get(0).message().contains("the text is lake 1.1.0"), r.toString());
    }

    @Test
    void aSoundCarriedProfileOfTheRunningVersionPassesTheCheck() throws Exception {
        profiles.add(org.hanedge.gateway.profile.ProfileLoader.parse("lake.yaml", new java.io.StringReader(lake)));
        ReportedConfig r = send(new DesiredConfig(6, Fakes.siteDoc(1, 0.05), Map.of("lake", "1.1.0"),
                Map.of("lake", new ProfileDocument("1.1.0", CarriedProfiles.sha256(lake), lake)), null, null, null));
        assertEquals(ConfigStatus.APPLYING, r.status(), r.toString());
        assertEquals(List.of("v6"), site.applied);
    }
}
