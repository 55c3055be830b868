package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.ProfileValidationTest.assertOnly;
import static org.hanedge.gateway.profile.ProfileValidationTest.assertProblem;
import static org.hanedge.gateway.profile.ProfileValidationTest.parse;
import static org.hanedge.gateway.profile.ProfileValidationTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.hanedge.gateway.api.profile.ControlRule;
import org.hanedge.gateway.api.profile.ControlRule.Action;
import org.hanedge.gateway.api.profile.ControlRule.Condition;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.junit.jupiter.api.Test;

/**
 * The top-level {@code rules} list, one test per kind of problem, each asserting file, line and field. The channels
 * take lines 1-15; {@code rules:} is on line 16 and the first rule starts on line 17.
 */
class RuleValidationTest {
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
              - name: pump2_run
                source: { bus: gpio, pin: 6, mode: output }
              - name: float_high
                source: { bus: gpio, pin: 7, mode: input }
            rules:
            """;

    private static List<ProfileProblem> ruleProblems(String rules) {
        return problems("t.yaml", PROFILE + rules);
    }

    @Test
    void validRulesAreParsedInOrder() throws Exception {
        DeviceProfile p = parse(PROFILE + """
                  - name: standby_on_high_level
                    when: { channel: level, above: 2.8, for: 10s }
                    then: [ { set: pump2_run, value: true } ]
                    reason: wet well high, start the standby pump
                  - name: all_off_when_dry
                    when: { channel: level, below: 0.8 }
                    then:
                      - { set: pump1_run, value: false }
                      - { set: pump2_run, value: false }
                  - name: float_starts_pump1
                    when: { channel: float_high, is: true, for: 2s }
                    then: { set: pump1_run, value: true }
                  - name: pump1_follows_pump2
                    when: { channel: pump2_run, is: false }
                    then: { set: pump1_run, value: true }
                """);
        assertEquals(List.of(
                new ControlRule("standby_on_high_level", "level", Condition.ABOVE, 2.8, null, Duration.ofSeconds(10),
                        List.of(new Action("pump2_run", true)), "wet well high, start the standby pump"),
                new ControlRule("all_off_when_dry", "level", Condition.BELOW, 0.8, null, Duration.ZERO,
                        List.of(new Action("pump1_run", false), new Action("pump2_run", false)), null),
                new ControlRule("float_starts_pump1", "float_high", Condition.IS, 0, true, Duration.ofSeconds(2),
                        List.of(new Action("pump1_run", true)), null),
                new ControlRule("pump1_follows_pump2", "pump2_run", Condition.IS, 0, false, Duration.ZERO,
                        List.of(new Action("pump1_run", true)), null)), p.rules());
        ControlRule high = p.rules().get(0);
        assertTrue(high.holds(2.81));
        assertFalse(high.holds(2.8));
    }

    @Test
    void aProfileWithoutRulesHasNone() throws Exception {
        assertTrue(parse(PROFILE.replace("rules:\n", "")).rules().isEmpty());
    }

    @Test
    void aRuleOnAMissingChannelIsRefusedNamingTheChannels() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: standby_on_high_level
                    when: { channel: levl, above: 2.8 }
                    then: { set: pump2_run, value: true }
                """);
        ProfileProblem p = assertProblem(problems, 18, "rules[0].when.channel", "unknown channel 'levl' (channels: "
                + "level, running, pump1_run, pump2_run, float_high)");
        assertEquals(22, p.column());
        assertEquals("t.yaml:18:22: rules[0].when.channel: unknown channel 'levl' (channels: level, running, "
                + "pump1_run, pump2_run, float_high)", p.toString());
        assertOnly(problems, 1);
    }

    @Test
    void rulesMustBeAListOfMappings() {
        List<ProfileProblem> problems = problems("t.yaml", PROFILE.replace("rules:\n", "rules: { name: x }\n"));
        assertProblem(problems, 16, "rules", "expected a list of rules, got a mapping");
        assertOnly(problems, 1);
        problems = ruleProblems("""
                  - all_off
                """);
        assertProblem(problems, 17, "rules[0]", "expected a mapping");
        assertOnly(problems, 1);
    }

    @Test
    void missingFieldsAndUnknownKeys() {
        List<ProfileProblem> problems = ruleProblems("""
                  - { if: x }
                """);
        assertProblem(problems, 17, "rules[0].if", "unknown key 'if' (allowed: name, when, then, reason)");
        assertProblem(problems, 17, "rules[0].name", "missing required field 'name'");
        assertProblem(problems, 17, "rules[0].when", "missing required field 'when'");
        assertProblem(problems, 17, "rules[0].then", "missing required field 'then'");
        assertOnly(problems, 4);
    }

    @Test
    void namesAreUniqueLowerSnakeCase() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: all_off
                    when: { channel: level, below: 0.8 }
                    then: { set: pump1_run, value: false }
                  - name: all_off
                    when: { channel: level, below: 0.7 }
                    then: { set: pump2_run, value: false }
                  - name: All-Off
                    when: { channel: level, below: 0.6 }
                    then: { set: pump2_run, value: false }
                """);
        assertProblem(problems, 20, "rules[1].name", "duplicate rule name 'all_off' (first used at line 17)");
        assertProblem(problems, 23, "rules[2].name", "rule name 'All-Off' must be lower_snake_case");
        assertOnly(problems, 2);
    }

    @Test
    void exactlyOneComparison() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: a
                    when: { channel: level, for: 5s }
                    then: { set: pump1_run, value: false }
                  - name: b
                    when: { channel: level, above: 3, below: 1 }
                    then: { set: pump1_run, value: false }
                """);
        assertProblem(problems, 18, "rules[0].when.above",
                "a condition needs one of above: <number>, below: <number> or is: true|false");
        assertProblem(problems, 21, "rules[1].when.below",
                "use only one of above, below and is; this condition has above and below");
        assertOnly(problems, 2);
    }

    @Test
    void comparisonMustFitTheChannelKind() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: a
                    when: { channel: running, above: 0.5 }
                    then: { set: pump1_run, value: false }
                  - name: b
                    when: { channel: level, is: true }
                    then: { set: pump1_run, value: false }
                  - name: c
                    when: { channel: level, below: low, for: 0s }
                    then: { set: pump1_run, value: false }
                """);
        assertProblem(problems, 18, "rules[0].when.above",
                "above applies only to number channels; 'running' is boolean: use is: true|false");
        assertProblem(problems, 21, "rules[1].when.is",
                "is applies only to boolean channels; 'level' is number: use above or below");
        assertProblem(problems, 24, "rules[2].when.below", "expected a number, got 'low'");
        assertProblem(problems, 24, "rules[2].when.for", "for must be greater than zero, got '0s'");
        assertOnly(problems, 4);
    }

    @Test
    void actionsSetOutputChannelsOfTheProfile() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: a
                    when: { channel: level, above: 3 }
                    then:
                      - { set: pump9_run, value: true }
                      - { set: running, value: true }
                      - { set: float_high, value: true }
                """);
        assertProblem(problems, 20, "rules[0].then[0].set",
                "unknown output channel 'pump9_run' (outputs: pump1_run, pump2_run)");
        assertProblem(problems, 21, "rules[0].then[1].set", "channel 'running' is not an output: a rule sets a "
                + "channel with source bus: gpio, mode: output (outputs: pump1_run, pump2_run)");
        assertProblem(problems, 22, "rules[0].then[2].set", "channel 'float_high' is not an output");
        assertOnly(problems, 3);
    }

    @Test
    void valuesMustFitTheOutput() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: a
                    when: { channel: level, above: 3 }
                    then:
                      - { set: pump1_run, value: 1 }
                      - { set: pump2_run, value: [ true ] }
                  - name: b
                    when: { channel: level, above: 3 }
                    then: { set: pump1_run }
                """);
        ProfileProblem p = assertProblem(problems, 20, "rules[0].then[0].value",
                "'pump1_run' is a digital output: value must be true or false, got '1'");
        assertEquals(34, p.column());
        assertProblem(problems, 21, "rules[0].then[1].value", "value must be true or false, got a list");
        assertProblem(problems, 24, "rules[1].then.value", "missing required field 'value'");
        assertOnly(problems, 3);
    }

    @Test
    void aRuleMayNotSetTheChannelItWatchesNorOneOutputTwice() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: a
                    when: { channel: pump1_run, is: true }
                    then:
                      - { set: pump2_run, value: true }
                      - { set: pump1_run, value: false }
                      - { set: pump2_run, value: false }
                """);
        assertProblem(problems, 21, "rules[0].then[1].set", "a rule may not set the channel it watches ('pump1_run')");
        assertProblem(problems, 22, "rules[0].then[2].set",
                "'pump2_run' is already set by this rule (rules[0].then[0].set)");
        assertOnly(problems, 2);
    }

    @Test
    void thenMustBeAnActionOrANonEmptyList() {
        List<ProfileProblem> problems = ruleProblems("""
                  - name: a
                    when: { channel: level, above: 3 }
                    then: []
                  - name: b
                    when: { channel: level, above: 3 }
                    then: pump1_run
                """);
        assertProblem(problems, 19, "rules[0].then", "expected an action { set: <output>, value: <value> } or a list "
                + "of them, got an empty list");
        assertProblem(problems, 22, "rules[1].then", "got 'pump1_run'");
        assertOnly(problems, 2);
    }

    @Test
    void aReferenceToABrokenChannelIsNotReportedTwice() {
        List<ProfileProblem> problems = problems("t.yaml", PROFILE.replace("address: 0, type: uint16",
                "address: 0, type: uint17").replace("pin: 5", "pin: 99") + """
                  - name: a
                    when: { channel: level, above: 3 }
                    then: { set: pump1_run, value: true }
                """);
        assertProblem(problems, 7, "channels[0].source.type", "unknown data type 'uint17'");
        assertProblem(problems, 11, "channels[2].source.pin", "must be between 0 and 27, got 99");
        assertOnly(problems, 2);
    }
}
