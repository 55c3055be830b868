package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.ProfileValidationTest.assertOnly;
import static org.hanedge.gateway.profile.ProfileValidationTest.assertProblem;
import static org.hanedge.gateway.profile.ProfileValidationTest.parse;
import static org.hanedge.gateway.profile.ProfileValidationTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.util.List;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Reporting;
import org.junit.jupiter.api.Test;

/** {@code window:} on a channel. The header (with a default heartbeat) takes lines 1-6, channels start on line 7. */
class WindowReportingTest {
    private static final String HEAD = """
            profile: t
            version: 1.0.0
            description: test device
            defaults:
              heartbeat: 15m
            channels:
            """;
    private static final String CURRENT = """
              - name: current
                unit: A
                source: { bus: modbus, table: input, address: 0, type: int16, scale: 0.1 }
            """;

    private static List<ProfileProblem> windowProblems(String channels) {
        return problems("t.yaml", HEAD + channels);
    }

    @Test
    void aWindowReplacesDeadbandAndTheDefaultHeartbeat() throws Exception {
        DeviceProfile p = parse(HEAD + CURRENT + """
                    window: 10s
                    alarms: { high: 46 }
                  - name: other
                    unit: A
                    source: { bus: modbus, table: input, address: 1, type: int16 }
                    deadband: 0.5
                """);
        Reporting windowed = p.channel("current").orElseThrow().reporting();
        assertEquals(new Reporting(0, false, null, Duration.ofSeconds(10)), windowed);
        assertFalse(windowed.everySample());
        Reporting other = p.channel("other").orElseThrow().reporting();
        assertNull(other.window());
        assertEquals(Duration.ofMinutes(15), other.heartbeat());
    }

    @Test
    void aWindowExcludesDeadbandOnChangeAndHeartbeat() {
        List<ProfileProblem> problems = windowProblems(CURRENT + """
                    window: 10s
                    deadband: 0.5
                    onChange: true
                    heartbeat: 5m
                """);
        assertProblem(problems, 11, "channels[0].deadband", "use either window or deadband, not both");
        assertProblem(problems, 12, "channels[0].onChange", "use either window or onChange, not both");
        assertProblem(problems, 13, "channels[0].heartbeat", "use either window or heartbeat, not both: a windowed "
                + "channel reports its average, min and max at the end of every window");
        assertOnly(problems, 3);
    }

    @Test
    void aWindowOnlyOnNumericChannelsAndPositive() {
        List<ProfileProblem> problems = windowProblems("""
                  - name: running
                    source: { bus: modbus, table: coil, address: 0, type: bool }
                    window: 10s
                """ + CURRENT.replace("address: 0", "address: 1") + """
                    window: 0s
                """ + CURRENT.replace("current", "current2").replace("address: 0", "address: 2") + """
                    window: often
                """);
        ProfileProblem p = assertProblem(problems, 9, "channels[0].window",
                "window applies only to numeric channels; this channel is boolean");
        assertEquals(13, p.column());
        assertProblem(problems, 13, "channels[1].window", "window must be greater than zero, got '0s'");
        assertProblem(problems, 17, "channels[2].window", "expected a duration such as 500ms");
        assertOnly(problems, 3);
    }

    @Test
    void theDerivedMinAndMaxNamesMustBeFree() {
        List<ProfileProblem> problems = windowProblems(CURRENT + """
                    window: 10s
                  - name: current_max
                    unit: A
                    source: { bus: modbus, table: input, address: 5, type: int16 }
                """);
        assertProblem(problems, 10, "channels[0].window",
                "the window also reports 'current_max', which is the name of another channel (line 11)");
        assertOnly(problems, 1);
    }
}
