package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.ProfileValidationTest.assertOnly;
import static org.hanedge.gateway.profile.ProfileValidationTest.assertProblem;
import static org.hanedge.gateway.profile.ProfileValidationTest.channelProblems;
import static org.hanedge.gateway.profile.ProfileValidationTest.parse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Severity;
import org.junit.jupiter.api.Test;

/**
 * The alarm keys of profile model 1.2: rate of change, stuck value, delays and severity overrides. Header lines 1-4,
 * first channel from line 5 (its {@code alarms} on line 8 unless said otherwise).
 */
class AlarmValidationTest {
    private static final String HEAD = """
            profile: t
            version: 1.0.0
            description: test device
            channels:
            """;
    private static final String LEVEL = """
              - name: level
                unit: m
                source: { bus: modbus, table: holding, address: 0, type: uint16, scale: 0.01 }
            """;
    private static final String SWITCH = """
              - name: door
                source: { bus: gpio, pin: 4, mode: input }
            """;

    @Test
    void everyNewKeyIsParsed() throws Exception {
        DeviceProfile p = parse(HEAD + LEVEL + """
                    alarms:
                      low: 0.5
                      high: 3.5
                      highHigh: 4.2
                      hysteresis: 0.05
                      rateOfChange: 0.3
                      stuck: 10m
                      delayOn: 5s
                      delayOff: 30s
                      severity: { highHigh: critical, high: warning, rateOfChange: major, stuck: minor }
                """ + SWITCH + """
                    alarms: { state: true, delayOn: 500ms, severity: { state: critical } }
                """);
        AlarmLimits level = p.channel("level").orElseThrow().alarms();
        assertEquals(new AlarmLimits(null, 0.5, 3.5, 4.2, 0.05, null, 0.3, Duration.ofMinutes(10),
                Duration.ofSeconds(5), Duration.ofSeconds(30), Map.of(AlarmKind.HIGH_HIGH, Severity.CRITICAL,
                        AlarmKind.HIGH, Severity.WARNING, AlarmKind.RATE_OF_CHANGE, Severity.MAJOR,
                        AlarmKind.STUCK, Severity.MINOR)), level);
        assertEquals(Severity.WARNING, level.severityOf(AlarmKind.HIGH));
        assertEquals(Severity.MAJOR, level.severityOf(AlarmKind.LOW), "default");

        AlarmLimits door = p.channel("door").orElseThrow().alarms();
        assertEquals(Boolean.TRUE, door.state());
        assertEquals(Duration.ofMillis(500), door.delayOn());
        assertEquals(Duration.ZERO, door.delayOff());
        assertEquals(Severity.CRITICAL, door.severityOf(AlarmKind.STATE));
    }

    @Test
    void withoutTheNewKeysNothingChanges() throws Exception {
        DeviceProfile p = parse(HEAD + LEVEL + """
                    alarms: { high: 3 }
                """);
        AlarmLimits a = p.channel("level").orElseThrow().alarms();
        assertNull(a.rateOfChange());
        assertNull(a.stuckAfter());
        assertEquals(Duration.ZERO, a.delayOn());
        assertEquals(Duration.ZERO, a.delayOff());
        assertEquals(Map.of(), a.severities());
    }

    @Test
    void aStuckOrRateOfChangeAlarmAloneIsAnAlarm() throws Exception {
        DeviceProfile p = parse(HEAD + LEVEL + """
                    alarms: { stuck: 1h, delayOff: 1m }
                """);
        AlarmLimits a = p.channel("level").orElseThrow().alarms();
        assertEquals(Duration.ofHours(1), a.stuckAfter());
        assertTrue(!a.isEmpty());
    }

    @Test
    void durationsMustBePositive() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms: { high: 3, stuck: 0m, delayOn: 0s, delayOff: soon }
                """);
        ProfileProblem stuck = assertProblem(problems, 8, "channels[0].alarms.stuck",
                "stuck must be greater than zero, got '0m'");
        assertEquals(31, stuck.column());
        assertProblem(problems, 8, "channels[0].alarms.delayOn", "delayOn must be greater than zero, got '0s'");
        assertProblem(problems, 8, "channels[0].alarms.delayOff",
                "expected a duration such as 500ms, 5s, 2m, 1h or 1d, got 'soon'");
        assertOnly(problems, 3);
    }

    @Test
    void rateOfChangeMustBePositive() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms:
                      rateOfChange: 0
                """ + """
                  - name: b
                    unit: m
                    source: { bus: modbus, table: holding, address: 1, type: uint16 }
                    alarms: { rateOfChange: -1 }
                """);
        assertProblem(problems, 9, "channels[0].alarms.rateOfChange",
                "rateOfChange must be > 0 (the largest allowed change per minute), got 0");
        assertProblem(problems, 13, "channels[1].alarms.rateOfChange", "rateOfChange must be > 0");
        assertOnly(problems, 2);
    }

    @Test
    void stuckAndRateOfChangeOnlyOnNumericChannels() {
        List<ProfileProblem> problems = channelProblems(SWITCH + """
                    alarms:
                      state: true
                      stuck: 10m
                      rateOfChange: 1
                      hysteresis: 0.5
                """);
        assertProblem(problems, 9, "channels[0].alarms.stuck",
                "stuck applies only to numeric channels; this channel is boolean");
        assertProblem(problems, 10, "channels[0].alarms.rateOfChange",
                "rateOfChange applies only to numeric channels; this channel is boolean");
        assertProblem(problems, 11, "channels[0].alarms.hysteresis", "hysteresis applies only to numeric channels");
        assertOnly(problems, 3);
    }

    @Test
    void stateOnlyOnBooleanChannels() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms: { state: false, delayOn: 5s }
                """);
        assertProblem(problems, 8, "channels[0].alarms.state",
                "state applies only to boolean channels; this channel is number");
        assertOnly(problems, 1);
    }

    @Test
    void delaysNeedAnAlarmToDelay() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms: { hysteresis: 0.1, delayOn: 5s, delayOff: 30s }
                """);
        assertProblem(problems, 8, "channels[0].alarms.delayOn", "delayOn has no alarm to delay");
        assertProblem(problems, 8, "channels[0].alarms.delayOff", "delayOff has no alarm to delay");
        assertOnly(problems, 2);
    }

    @Test
    void severityForAKindTheChannelDoesNotConfigure() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms:
                      high: 3
                      highHigh: 4
                      severity:
                        highHigh: major
                        lowLow: critical
                        stuck: warning
                """);
        assertProblem(problems, 13, "channels[0].alarms.severity.lowLow",
                "severity for lowLow, but this channel has no lowLow alarm (configured: high, highHigh)");
        ProfileProblem stuck = assertProblem(problems, 14, "channels[0].alarms.severity.stuck",
                "severity for stuck, but this channel has no stuck alarm");
        assertEquals(16, stuck.column());
        assertOnly(problems, 2);
    }

    @Test
    void severityKeysAndValuesAreChecked() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms:
                      high: 3
                      severity: { high_high: critical, high: urgent, HIGH: minor }
                """);
        assertProblem(problems, 10, "channels[0].alarms.severity.high_high", "unknown key 'high_high' (allowed: "
                + "lowLow, low, high, highHigh, rateOfChange, stuck, state)");
        assertProblem(problems, 10, "channels[0].alarms.severity.high",
                "unknown severity 'urgent' (expected one of critical, major, minor, warning)");
        assertProblem(problems, 10, "channels[0].alarms.severity.HIGH", "unknown key 'HIGH'");
        assertOnly(problems, 3);
    }

    @Test
    void severityMustBeAMapping() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms: { high: 3, severity: critical }
                """);
        assertProblem(problems, 8, "channels[0].alarms.severity", "expected a mapping");
        assertOnly(problems, 1);
    }

    @Test
    void unknownAlarmKeyListsTheNewOnes() {
        List<ProfileProblem> problems = channelProblems(LEVEL + """
                    alarms: { high: 3, delay: 5s }
                """);
        assertProblem(problems, 8, "channels[0].alarms.delay", "unknown key 'delay' (allowed: lowLow, low, high, "
                + "highHigh, hysteresis, state, rateOfChange, stuck, delayOn, delayOff, severity)");
        assertOnly(problems, 1);
    }
}
