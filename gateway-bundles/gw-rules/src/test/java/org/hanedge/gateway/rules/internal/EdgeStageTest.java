package org.hanedge.gateway.rules.internal;

import static org.hanedge.gateway.rules.internal.Fixtures.at;
import static org.hanedge.gateway.rules.internal.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.gateway.api.WriteStatus;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.rules.internal.Fixtures.FakeClock;
import org.hanedge.gateway.rules.internal.Fixtures.MemoryOutbox;
import org.hanedge.gateway.rules.internal.Fixtures.ScriptedOutput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EdgeStageTest {
    private final Devices devices = new Devices();
    private final MemoryOutbox outbox = new MemoryOutbox();
    private final ScriptedOutput relays = new ScriptedOutput();
    private final FakeClock clock = new FakeClock();
    private final List<AlarmTransition> sunk = new ArrayList<>();
    private Set<String> persisted = Set.of();

    @TempDir
    Path dir;

    static DeviceProfile pumpStation(String version, double deadband) {
        AlarmLimits high = new AlarmLimits(null, 0.5, 3.5, 4.2, 0.05, null, null, null, Duration.ofSeconds(4),
                Duration.ZERO, Map.of());
        return new DeviceProfile("pump-station", version, "test", List.of(
                Fixtures.number("wet_well_level", "m", new Reporting(deadband, false, Duration.ofMinutes(5)), high),
                Fixtures.output("pump3_run")), List.of(), List.of(RuleEngineTest.STANDBY));
    }

    private EdgeStage stage(Set<String> restored) {
        devices.putDriver("plc", "ps-plc", "pump-station");
        devices.putDriver("io", "ps-io", "pump-station");
        devices.putOutput("io", "ps-io", "pump-station", relays);
        EdgeStage s = new EdgeStage(devices, () -> outbox, () -> List.of(sunk::add), Runnable::run, clock, restored,
                ids -> persisted = ids, true);
        s.profileChanged(pumpStation("1.1.0", 0.02));
        return s;
    }

    @Test
    void aRisingWetWellRaisesTheAlarmAndStartsTheStandbyPumpWithAnEvent() {
        EdgeStage s = stage(Set.of());
        double level = 2.0;
        for (int t = 0; t <= 60; t += 2, level += 0.06) {
            s.onReadings(List.of(num("ps-plc", "wet_well_level", level, t)));
        }
        List<Payload.OfEvent> alarms = outbox.events(Priority.ALARM);
        assertEquals(1, alarms.size(), alarms.toString());
        assertEquals("alarm", alarms.get(0).topic());
        assertTrue(alarms.get(0).json().contains("\"alarm\":\"ps-plc/wet_well_level/HIGH\""), alarms.toString());
        assertTrue(alarms.get(0).json().contains("\"state\":\"raised\""), alarms.toString());
        assertEquals(1, sunk.size());
        assertEquals(Set.of("ps-plc/wet_well_level/HIGH"), persisted);
        assertEquals(Set.of("ps-plc/wet_well_level/HIGH"), s.activeAlarms().keySet());

        assertEquals(1, relays.commands.size(), "the rule fired once");
        assertEquals("ps-io", relays.commands.get(0).deviceId());
        assertEquals("pump3_run", relays.commands.get(0).channel());
        assertEquals(Boolean.TRUE, relays.commands.get(0).value());
        assertEquals("rule:standby_pump_on_high_level", relays.commands.get(0).origin());
        List<Payload.OfEvent> events = outbox.events(Priority.EVENT);
        assertEquals(1, events.size());
        assertEquals("event", events.get(0).topic());
        String json = events.get(0).json();
        assertTrue(json.startsWith("{\"type\":\"rule-action\",\"rule\":\"standby_pump_on_high_level\","
                + "\"profile\":\"pump-station\",\"reason\":\"wet well high, start the standby pump\","
                + "\"device\":\"ps-plc\",\"channel\":\"wet_well_level\",\"value\":"), json);
        assertTrue(json.contains("\"outputDevice\":\"ps-io\",\"output\":\"pump3_run\",\"set\":true,"
                + "\"status\":\"DONE\",\"detail\":null"), json);

        // every 2 s sample moved by 0.06 m > 0.02 m: all reported
        assertEquals(31, outbox.readings().size());
    }

    @Test
    void anInterlockRefusalIsReportedAsTheActionsOutcome() {
        relays.decide = c -> WriteStatus.REFUSED_INTERLOCK;
        EdgeStage s = stage(Set.of());
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 3.0, 0)));
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 3.0, 10)));
        String json = outbox.events(Priority.EVENT).get(0).json();
        assertTrue(json.contains("\"status\":\"REFUSED_INTERLOCK\",\"detail\":\"interlock 'dry-run protection'"),
                json);
    }

    @Test
    void noOutputDriverForTheOutputIsReportedToo() {
        EdgeStage s = stage(Set.of());
        devices.removeOutput("io");
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 3.0, 0), num("ps-plc", "wet_well_level", 3.0, 10)));
        String json = outbox.events(Priority.EVENT).get(0).json();
        assertTrue(json.contains("\"outputDevice\":null,\"output\":\"pump3_run\",\"set\":true,"
                + "\"status\":\"UNKNOWN_DEVICE\""), json);
    }

    @Test
    void steadyLevelIsSentOnlyOnHeartbeatsAndUnknownDevicesPassThrough() {
        EdgeStage s = stage(Set.of());
        for (int t = 0; t < 3600; t += 2) {
            s.onReadings(List.of(num("ps-plc", "wet_well_level", 1.50 + (t % 4 == 0 ? 0.01 : -0.01), t)));
        }
        // first sample + one heartbeat every 5 minutes
        assertEquals(12, outbox.readings().size());
        s.onReadings(List.of(num("other", "x", 1, 0), num("other", "x", 1, 1)));
        assertEquals(14, outbox.readings().size());
    }

    @Test
    void theTimerHeartbeatsAndCompletesDelays() {
        EdgeStage s = stage(Set.of());
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 3.6, 0)));
        clock.now = at(3);
        s.tick();
        assertEquals(0, outbox.events(Priority.ALARM).size());
        clock.now = at(4);
        s.tick();
        assertEquals(1, outbox.events(Priority.ALARM).size(), "delayOn 4 s completed by the timer");
        clock.now = at(10);
        s.tick();
        assertEquals(1, relays.commands.size(), "rule delay 10 s completed by the timer");
        clock.now = at(303);
        s.tick();
        assertEquals(2, outbox.readings().size(), "heartbeat after 5 min + the 2 s poll as grace");
        assertEquals(at(303), outbox.readings().get(1).time(), "dated when the timer sent it");
    }

    @Test
    void afterARestartAnAlarmStillPresentIsNotRaisedAgainAndOneThatWentAwayIsCleared() {
        EdgeStage s = stage(Set.of("ps-plc/wet_well_level/HIGH", "ps-plc/wet_well_level/HIGH_HIGH"));
        assertEquals(2, s.activeAlarms().size());
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 3.8, 0)));
        List<Payload.OfEvent> alarms = outbox.events(Priority.ALARM);
        assertEquals(1, alarms.size());
        assertTrue(alarms.get(0).json().contains("\"alarm\":\"ps-plc/wet_well_level/HIGH_HIGH\""));
        assertTrue(alarms.get(0).json().contains("\"state\":\"cleared\""));
        assertEquals(Set.of("ps-plc/wet_well_level/HIGH"), persisted);
    }

    @Test
    void aRestoredAlarmWhoseLimitLeftTheProfileIsCleared() {
        EdgeStage s = stage(Set.of("ps-plc/wet_well_level/STUCK"));
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 1.0, 0)));
        String json = outbox.events(Priority.ALARM).get(0).json();
        assertTrue(json.contains("\"kind\":\"STUCK\",\"state\":\"cleared\""), json);
        assertTrue(s.activeAlarms().isEmpty());
    }

    @Test
    void aReloadedProfileAppliesToTheNextSample() {
        EdgeStage s = stage(Set.of());
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 1.0, 0)));
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 1.1, 2)));
        assertEquals(2, outbox.readings().size());
        s.profileChanged(pumpStation("1.1.1", 0.5));
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 1.3, 4)));
        assertEquals(2, outbox.readings().size(), "0.2 m is inside the new 0.5 m deadband");
    }

    @Test
    void activeAlarmIdsSurviveInTheStoreFile() throws Exception {
        ActiveAlarmStore store = new ActiveAlarmStore(dir.resolve("data/active-alarms"));
        assertEquals(Set.of(), store.load());
        store.save(Set.of("b/x/HIGH", "a/y/STATE"));
        assertEquals(Set.of("a/y/STATE", "b/x/HIGH"), store.load());
        store.save(Set.of());
        assertEquals(Set.of(), store.load());
    }

    @Test
    void shellListsActiveAlarms() {
        EdgeStage s = stage(Set.of("ps-plc/wet_well_level/LOW"));
        s.onReadings(List.of(num("ps-plc", "wet_well_level", 3.6, 0), num("ps-plc", "wet_well_level", 3.6, 4)));
        String text = AlarmsCommand.format(s.activeAlarms());
        assertTrue(text.contains("ps-plc/wet_well_level/HIGH ") && text.contains("MAJOR")
                && text.contains("wet_well_level 3.60 m >= high 3.50 m"), text);
        assertTrue(!text.contains("/LOW "), "the restored LOW alarm was cleared by 3.6 m: " + text);
        assertTrue(AlarmsCommand.format(Map.of()).startsWith("no active alarms"));
    }
}
