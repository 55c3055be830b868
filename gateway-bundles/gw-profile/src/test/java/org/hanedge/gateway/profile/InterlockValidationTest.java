package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.ProfileValidationTest.assertOnly;
import static org.hanedge.gateway.profile.ProfileValidationTest.assertProblem;
import static org.hanedge.gateway.profile.ProfileValidationTest.parse;
import static org.hanedge.gateway.profile.ProfileValidationTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Interlock;
import org.junit.jupiter.api.Test;

/**
 * The top-level {@code interlocks} list, one test per kind of problem, each asserting file, line and field. The
 * channels take lines 1-13; {@code interlocks:} is on line 14 and its first entry on line 15.
 */
class InterlockValidationTest {
    private static final String PROFILE = """
            profile: t
            version: 1.0.0
            description: test device
            channels:
              - name: level
                unit: m
                source: { bus: modbus, table: holding, address: 0, type: uint16, scale: 0.01 }
              - name: running
                source: { bus: modbus, table: coil, address: 0, type: bool }
              - name: pump1_run
                source: { bus: gpio, pin: 5, mode: output }
              - name: door
                source: { bus: gpio, pin: 6, mode: input }
            interlocks:
            """;

    static List<ProfileProblem> interlockProblems(String interlocks) {
        return problems("t.yaml", PROFILE + interlocks);
    }

    @Test
    void validInterlocksAreParsedInOrder() throws Exception {
        DeviceProfile p = parse(PROFILE + """
                  - { output: pump1_run, channel: level, min: 0.8, reason: dry-run protection }
                  - output: pump1_run
                    channel: level
                    max: 4.5
                  - { output: pump1_run, channel: level, min: 0.5, max: 4 }
                """);
        assertEquals(List.of(new Interlock("pump1_run", "level", 0.8, null, "dry-run protection"),
                new Interlock("pump1_run", "level", null, 4.5, null),
                new Interlock("pump1_run", "level", 0.5, 4.0, null)), p.interlocks());
        assertEquals(3, p.interlocksOf("pump1_run").size());
        assertTrue(p.interlocksOf("door").isEmpty());
        Interlock dry = p.interlocks().get(0);
        assertFalse(dry.permits(0.79));
        assertTrue(dry.permits(0.8));
    }

    @Test
    void aProfileWithoutInterlocksHasNone() throws Exception {
        DeviceProfile p = parse(PROFILE.replace("interlocks:\n", ""));
        assertTrue(p.interlocks().isEmpty());
    }

    @Test
    void interlocksMustBeAList() {
        List<ProfileProblem> problems = problems("t.yaml", PROFILE.replace("interlocks:\n",
                "interlocks: { output: pump1_run }\n"));
        assertProblem(problems, 14, "interlocks", "expected a list of interlocks, got a mapping");
        assertOnly(problems, 1);
    }

    @Test
    void unknownKeyNamesTheAllowedOnes() {
        List<ProfileProblem> problems = interlockProblems("""
                  - { output: pump1_run, channel: level, minimum: 0.8, min: 0.8 }
                """);
        ProfileProblem p = assertProblem(problems, 15, "interlocks[0].minimum",
                "unknown key 'minimum' (allowed: output, channel, min, max, reason)");
        assertEquals(42, p.column());
        assertOnly(problems, 1);
    }

    @Test
    void missingOutputAndChannel() {
        List<ProfileProblem> problems = interlockProblems("""
                  - { min: 0.8 }
                """);
        assertProblem(problems, 15, "interlocks[0].output", "missing required field 'output'");
        assertProblem(problems, 15, "interlocks[0].channel", "missing required field 'channel'");
        assertOnly(problems, 2);
    }

    @Test
    void neitherMinNorMax() {
        List<ProfileProblem> problems = interlockProblems("""
                  - { output: pump1_run, channel: level, reason: dry-run protection }
                """);
        assertProblem(problems, 15, "interlocks[0].min", "an interlock needs min and/or max");
        assertOnly(problems, 1);
    }

    @Test
    void minAboveMaxAndBadNumber() {
        List<ProfileProblem> problems = interlockProblems("""
                  - { output: pump1_run, channel: level, min: 3, max: 1 }
                  - { output: pump1_run, channel: level, min: low }
                """);
        assertProblem(problems, 15, "interlocks[0].max", "max (1) must not be less than min (3)");
        assertProblem(problems, 16, "interlocks[1].min", "expected a number, got 'low'");
        assertOnly(problems, 2);
    }

    @Test
    void outputMustBeAnOutputChannelOfTheProfile() {
        List<ProfileProblem> problems = interlockProblems("""
                  - { output: pump9_run, channel: level, min: 0.8 }
                  - { output: door, channel: level, min: 0.8 }
                  - { output: running, channel: level, min: 0.8 }
                """);
        assertProblem(problems, 15, "interlocks[0].output", "unknown output channel 'pump9_run' (outputs: pump1_run)");
        ProfileProblem door = problems.stream().filter(p -> p.line() == 16).findFirst().orElseThrow();
        assertEquals("interlocks[1].output", door.field());
        assertTrue(door.message().contains("channel 'door' is not an output"), door.message());
        assertTrue(problems.stream().anyMatch(p -> p.line() == 17 && p.field().equals("interlocks[2].output")
                && p.message().contains("'running' is not an output")), problems.toString());
        assertOnly(problems, 3);
    }

    @Test
    void channelMustBeANumericChannelOfTheProfile() {
        List<ProfileProblem> problems = interlockProblems("""
                  - { output: pump1_run, channel: levl, min: 0.8 }
                  - { output: pump1_run, channel: running, max: 0 }
                """);
        ProfileProblem p = assertProblem(problems, 15, "interlocks[0].channel", "unknown channel 'levl'");
        assertEquals(35, p.column());
        assertProblem(problems, 16, "interlocks[1].channel", "channel 'running' is boolean: an interlock checks a "
                + "numeric channel");
        assertOnly(problems, 2);
    }

    @Test
    void aReferenceToABrokenChannelIsNotReportedTwice() {
        List<ProfileProblem> problems = problems("t.yaml", PROFILE.replace("address: 0, type: uint16",
                "address: 0, type: uint17") + """
                  - { output: pump1_run, channel: level, min: 0.8 }
                """);
        assertProblem(problems, 7, "channels[0].source.type", "unknown data type 'uint17'");
        assertOnly(problems, 1);
    }

    @Test
    void anEntryMustBeAMapping() {
        List<ProfileProblem> problems = interlockProblems("""
                  - pump1_run
                """);
        assertProblem(problems, 15, "interlocks[0]", "expected a mapping");
        assertOnly(problems, 1);
    }
}
