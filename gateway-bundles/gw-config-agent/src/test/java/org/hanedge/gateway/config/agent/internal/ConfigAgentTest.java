package org.hanedge.gateway.config.agent.internal;

import static org.hanedge.gateway.config.agent.internal.Fakes.siteDoc;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent's state machine with a fake site, health and time, and its real state file. */
class ConfigAgentTest {
    @TempDir
    Path dir;
    StateStore store;
    Fakes.Site site = new Fakes.Site();
    Fakes.Health health = new Fakes.Health();
    Fakes.Time time = new Fakes.Time();
    Fakes.Reports reports = new Fakes.Reports();
    Collection<DeviceProfile> profiles = new ArrayList<>();
    ConfigAgent agent;

    @BeforeEach
    void start() {
        store = new StateStore(dir.resolve("config-agent.json"));
        agent = newAgent();
        agent.start();
    }

    private ConfigAgent newAgent() {
        return new ConfigAgent(site, store, health, () -> profiles, reports, () -> "gw-1",
                () -> new AgentSettings(10_000, 500, 5_000), time, time::nanos,
                Clock.fixed(Instant.parse("2026-11-27T04:00:00Z"), ZoneOffset.UTC));
    }

    private static byte[] desired(long version, Map<String, Object> site) {
        return ConfigDocuments.write(DesiredConfig.of(version, site));
    }

    @Test
    void aHealthyConfigurationIsAppliedAndBecomesTheLastGood() throws Exception {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        assertEquals(List.of("APPLYING 7"), reports.statuses());
        assertEquals(List.of("v7"), site.applied);
        assertEquals(7, store.load().applying().version(), "the marker is on disk during the window");
        time.advance(500);
        assertEquals(List.of("APPLYING 7", "APPLIED 7"), reports.statuses());
        ReportedConfig applied = reports.last();
        assertEquals(7, applied.lastGood());
        assertEquals("gw-1", applied.gateway());
        AgentState saved = store.load();
        assertNull(saved.applying());
        assertEquals(7, saved.lastGood().version());
        assertEquals(siteDoc(1, 0.05), saved.lastGood().document());
        assertEquals(site.local, saved.lastGood().localBaseline());
        assertEquals(7, saved.handled());
        assertEquals(applied, saved.lastReport());
    }

    @Test
    void anUnhealthyConfigurationIsRolledBackAtTheEndOfItsWindow() throws Exception {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        time.advance(500);
        health.problems = List.of(new ConfigError("devices[0]", "device lake-1 does not answer: all 6 requests "
                + "failed (last error: exception 11)"));
        agent.onDesired(desired(8, siteDoc(9, 0.05)));
        time.advance(9_000);
        assertEquals(List.of("APPLYING 7", "APPLIED 7", "APPLYING 8"), reports.statuses(), "still in its window");
        assertEquals(List.of("v7", "v8"), site.applied);
        time.advance(1_000);
        ReportedConfig r = reports.last();
        assertEquals(ConfigStatus.ROLLED_BACK, r.status());
        assertEquals(8, r.version());
        assertEquals(7, r.lastGood());
        assertEquals(health.problems, r.errors());
        assertEquals(List.of("v7", "v8", "v7"), site.applied, "version 7 applied again");
        assertEquals(7, site.version);
        AgentState saved = store.load();
        assertNull(saved.applying());
        assertEquals(7, saved.lastGood().version());
        assertEquals(8, saved.handled());
    }

    @Test
    void theFirstPushRollsBackToTheSiteFile() {
        health.problems = List.of(new ConfigError("uplink", "the uplink is not connected to the broker"));
        agent.onDesired(desired(1, siteDoc(1, 0.05)));
        time.advance(10_000);
        assertEquals(List.of("v1", "local"), site.applied);
        assertEquals(0, reports.last().lastGood());
        assertEquals(ConfigStatus.ROLLED_BACK, reports.last().status());
    }

    @Test
    void anInvalidConfigurationIsRejectedAndNothingApplied() throws Exception {
        agent.onDesired(desired(3, siteDoc(300, 0.05)));
        assertEquals(List.of(), site.applied);
        ReportedConfig r = reports.last();
        assertEquals(ConfigStatus.REJECTED, r.status());
        assertEquals(List.of(new ConfigError("devices[0].modbus.unitId", "must be an integer from 0 to 247, not "
                + "'300'")), r.errors());
        assertEquals(3, store.load().handled());
        assertNull(store.load().applying());

        agent.onDesired("{\"version\":4,\"site\":[]}".getBytes(StandardCharsets.UTF_8));
        assertEquals(new ConfigError("site", "must be an object (the site document)"), reports.last().errors()
                .get(0));
        int before = reports.sent.size();
        agent.onDesired("garbage".getBytes(StandardCharsets.UTF_8));
        assertEquals(before, reports.sent.size(), "no version, nothing to report");
    }

    @Test
    void profilesTheGatewayDoesNotRunAreRejected() {
        profiles.add(new DeviceProfile("lake", "1.0.0", "lake", List.of()));
        agent.onDesired(ConfigDocuments.write(new DesiredConfig(5, siteDoc(1, 0.05), Map.of("lake", "1.1.0"), null,
                null, null)));
        ReportedConfig r = reports.last();
        assertEquals(ConfigStatus.REJECTED, r.status());
        assertEquals("profileVersions.lake", r.errors().get(0).path());
        assertTrue(r.errors().get(0).message().contains("runs lake 1.0.0"), r.toString());
        assertEquals("rules.deadbands.lake-1/ph", r.errors().get(1).path(), "the profile has no ph channel");
        assertEquals(List.of(), site.applied);
    }

    @Test
    void aRedeliveredVersionIsNotAppliedTwice() {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        agent.onDesired(desired(7, siteDoc(1, 0.05))); // during its window
        time.advance(500);
        agent.onDesired(desired(7, siteDoc(1, 0.05))); // retained, on a reconnect
        agent.onDesired(desired(6, siteDoc(2, 0.05))); // older
        agent.onDesired(desired(3, siteDoc(300, 0.05)));
        assertEquals(List.of("v7"), site.applied);
        assertEquals(List.of("APPLYING 7", "APPLIED 7"), reports.statuses());
        agent.onConnected();
        assertEquals(List.of("APPLYING 7", "APPLIED 7", "APPLIED 7"), reports.statuses(), "repeated on connect");
    }

    @Test
    void aVersionArrivingDuringAWindowWaitsAndTheNewestWins() {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        agent.onDesired(desired(8, siteDoc(2, 0.05)));
        agent.onDesired(desired(9, siteDoc(3, 0.05)));
        assertEquals(List.of("v7"), site.applied);
        time.advance(500);
        assertEquals(List.of("v7", "v9"), site.applied);
        time.advance(500);
        assertEquals(List.of("APPLYING 7", "APPLIED 7", "APPLYING 9", "APPLIED 9"), reports.statuses());
    }

    @Test
    void aRestartDuringTheWindowEndsOnTheLastGood() throws Exception {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        time.advance(500);
        agent.onDesired(desired(8, siteDoc(2, 0.05)));
        // the process dies here: a new agent on the same state file
        site.applied.clear();
        reports.sent.clear();
        agent = newAgent();
        agent.start();
        assertEquals(List.of("v7"), site.applied);
        ReportedConfig r = reports.last();
        assertEquals(ConfigStatus.ROLLED_BACK, r.status());
        assertEquals(8, r.version());
        assertEquals(7, r.lastGood());
        assertTrue(r.errors().get(0).message().startsWith("interrupted"), r.toString());
        assertNull(store.load().applying());
        agent.onDesired(desired(8, siteDoc(2, 0.05)));
        assertEquals(List.of("v7"), site.applied, "8 was handled: not applied again");
    }

    @Test
    void aRestartWithoutAnApplyPutsTheLastGoodInForceAgain() {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        time.advance(500);
        site.applied.clear();
        reports.sent.clear();
        agent = newAgent();
        agent.start();
        assertEquals(List.of("v7"), site.applied);
        assertEquals(List.of(), reports.sent, "nothing new to say");
        agent.onConnected();
        assertEquals(List.of("APPLIED 7"), reports.statuses());
    }

    @Test
    void aConfigAdminFailureRollsBack() {
        site.failNextApply = new IOException("disk full");
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        ReportedConfig r = reports.last();
        assertEquals(ConfigStatus.ROLLED_BACK, r.status());
        assertTrue(r.errors().get(0).message().contains("disk full"), r.toString());
        assertEquals(List.of("local"), site.applied);
    }

    @Test
    void aLocalEditIsReportedAsDriftAndItsUndoingAsApplied() {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        time.advance(500);
        Map<String, Object> original = site.local;
        time.advance(5_000);
        assertEquals(List.of("APPLYING 7", "APPLIED 7"), reports.statuses(), "no edit, no drift");

        site.local = siteDoc(4, 0.1);
        time.advance(5_000);
        ReportedConfig drift = reports.last();
        assertEquals(ConfigStatus.DRIFT, drift.status());
        assertEquals(7, drift.version());
        assertEquals(List.of("devices[0].modbus.unitId"), drift.errors().stream().map(ConfigError::path).toList());
        assertTrue(drift.errors().get(0).message().contains("(1 -> 4)"), drift.toString());
        time.advance(5_000);
        assertEquals(3, reports.sent.size(), "the same drift is reported once");

        site.local = original;
        time.advance(5_000);
        assertEquals(List.of("APPLYING 7", "APPLIED 7", "DRIFT 7", "APPLIED 7"), reports.statuses());
        assertEquals(List.of("v7"), site.applied, "drift applies nothing");
    }

    @Test
    void anEditStaysDriftUnderAnUnrelatedPushAndEndsWhenAPushAdoptsIt() {
        agent.onDesired(desired(7, siteDoc(1, 0.05)));
        time.advance(500);
        site.local = siteDoc(4, 0.1);
        time.advance(5_000);
        assertEquals("DRIFT 7", reports.statuses().get(reports.sent.size() - 1));

        agent.onDesired(desired(8, siteDoc(1, 0.2))); // another change; the unit id stays 1
        time.advance(500);
        time.advance(5_000);
        ReportedConfig still = reports.last();
        assertEquals(ConfigStatus.DRIFT, still.status());
        assertEquals(8, still.version());
        assertEquals("devices[0].modbus.unitId", still.errors().get(0).path());
        assertTrue(still.errors().get(0).message().endsWith("version 8 has 1"), still.toString());

        agent.onDesired(desired(9, siteDoc(4, 0.2))); // the server adopts the technician's unit id
        time.advance(500);
        time.advance(15_000);
        assertEquals("APPLIED 9", reports.statuses().get(reports.sent.size() - 1), "no drift once adopted");

        site.local = siteDoc(5, 0.1); // a new edit after the adoption: only it is drift
        time.advance(5_000);
        assertEquals(List.of("devices[0].modbus.unitId"), reports.last().errors().stream().map(ConfigError::path)
                .toList());
        assertTrue(reports.last().errors().get(0).message().contains("(4 -> 5)"), reports.last().toString());
    }

    @Test
    void noDriftWhileTheSiteFileIsInForce() {
        site.local = siteDoc(4, 0.1);
        time.advance(20_000);
        assertEquals(List.of(), reports.sent);
    }

    @Test
    void aDamagedStateFileIsMovedAsideAndTheSiteFileTaken() throws IOException {
        java.nio.file.Files.writeString(store.file(), "{\"format\":1,\"lastGood\":");
        agent = newAgent();
        agent.start();
        assertEquals(AgentState.INITIAL, agent.state());
        assertFalse(java.nio.file.Files.exists(store.file()));
        try (var files = java.nio.file.Files.list(dir)) {
            assertTrue(files.anyMatch(p -> p.getFileName().toString().startsWith("config-agent.json.damaged-")));
        }
    }
}
