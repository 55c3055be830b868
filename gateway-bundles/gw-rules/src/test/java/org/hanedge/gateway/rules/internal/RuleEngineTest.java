package org.hanedge.gateway.rules.internal;

import static org.hanedge.gateway.rules.internal.Fixtures.at;
import static org.hanedge.gateway.rules.internal.Fixtures.bad;
import static org.hanedge.gateway.rules.internal.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ControlRule;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Reporting;
import org.junit.jupiter.api.Test;

class RuleEngineTest {
    static final ControlRule STANDBY = new ControlRule("standby_pump_on_high_level", "wet_well_level",
            ControlRule.Condition.ABOVE, 2.8, null, Duration.ofSeconds(10),
            List.of(new ControlRule.Action("pump3_run", true)), "wet well high, start the standby pump");

    static DeviceProfile profile(String version, List<ControlRule> rules) {
        return new DeviceProfile("pump-station", version, "test", List.of(
                Fixtures.number("wet_well_level", "m", new Reporting(0.02, false, null), AlarmLimits.NONE),
                Fixtures.bool("station_auto", new Reporting(0, true, null), AlarmLimits.NONE),
                Fixtures.output("pump1_run"), Fixtures.output("pump3_run")), List.of(), rules);
    }

    private static List<RuleEngine.Firing> feed(RuleEngine e, Reading... readings) {
        List<RuleEngine.Firing> out = new ArrayList<>();
        for (Reading r : readings) {
            out.addAll(e.onReadings(d -> "pump-station", List.of(r)));
        }
        return out;
    }

    @Test
    void firesAfterTheDelayOnceThenAgainOnlyAfterTheConditionWasFalse() throws Exception {
        RuleEngine e = new RuleEngine();
        e.load(profile("1.1.0", List.of(STANDBY)));
        List<RuleEngine.Firing> out = new ArrayList<>();
        for (int s = 0; s <= 30; s += 2) {
            out.addAll(feed(e, num("ps-plc", "wet_well_level", s < 4 ? 2.5 : 2.9, s)));
        }
        assertEquals(1, out.size(), "fires once while the condition holds");
        assertEquals(at(14), out.get(0).time(), "above since 4 s, delay 10 s");
        assertEquals("ps-plc", out.get(0).deviceId());
        assertEquals(2.9, out.get(0).value());
        assertEquals(List.of(), feed(e, num("ps-plc", "wet_well_level", 2.7, 32)));
        out = feed(e, num("ps-plc", "wet_well_level", 2.9, 34), num("ps-plc", "wet_well_level", 2.9, 44));
        assertEquals(1, out.size(), "fires again after it was false");
        assertEquals(at(44), out.get(0).time());
    }

    @Test
    void delayCompletesOnTheTimerAndABadSampleRestartsIt() throws Exception {
        RuleEngine e = new RuleEngine();
        e.load(profile("1.1.0", List.of(STANDBY)));
        feed(e, num("ps-plc", "wet_well_level", 3.0, 0), bad("ps-plc", "wet_well_level", 5),
                num("ps-plc", "wet_well_level", 3.0, 6));
        assertEquals(List.of(), e.tick(at(15)));
        List<RuleEngine.Firing> fired = e.tick(at(16));
        assertEquals(1, fired.size());
        assertEquals(List.of(), e.tick(at(100)));
    }

    @Test
    void aRuleOfAnotherProfileOrChannelDoesNotSeeTheReading() throws Exception {
        RuleEngine e = new RuleEngine();
        e.load(profile("1.1.0", List.of(STANDBY)));
        assertEquals(List.of(), e.onReadings(d -> "lake", List.of(num("lake", "wet_well_level", 9, 0),
                num("lake", "wet_well_level", 9, 20))));
        assertEquals(List.of(), feed(e, num("ps-plc", "outflow", 9, 0), num("ps-plc", "outflow", 9, 20)));
    }

    @Test
    void booleanConditionIs() throws Exception {
        ControlRule manual = new ControlRule("stop_when_manual", "station_auto", ControlRule.Condition.IS, 0, false,
                Duration.ZERO, List.of(new ControlRule.Action("pump1_run", false)), "station in manual");
        RuleEngine e = new RuleEngine();
        e.load(profile("1.1.0", List.of(manual)));
        assertEquals(List.of(), feed(e, Fixtures.flag("ps-plc", "station_auto", true, 0)));
        assertEquals(1, feed(e, Fixtures.flag("ps-plc", "station_auto", false, 1)).size());
    }

    @Test
    void aRuleOnAMissingChannelIsRefusedWithAClearErrorAndTheLastGoodRulesKeepRunning() throws Exception {
        RuleEngine e = new RuleEngine();
        e.load(profile("1.1.0", List.of(STANDBY)));
        feed(e, num("ps-plc", "wet_well_level", 3.0, 0));
        ControlRule typo = new ControlRule("standby_pump_on_high_level", "wet_well_levle",
                ControlRule.Condition.ABOVE, 2.8, null, Duration.ZERO, List.of(new ControlRule.Action("pump3_run",
                        true)), "typo");
        RuleLoadException ex = assertThrows(RuleLoadException.class, () -> e.load(profile("1.2.0",
                List.of(typo))));
        assertEquals("rules of profile pump-station@1.2.0 refused: rule 'standby_pump_on_high_level': channel "
                + "'wet_well_levle' is not a channel of the profile", ex.getMessage());
        assertEquals("1.1.0", e.rules("pump-station").orElseThrow().profile().version());
        assertEquals(1, feed(e, num("ps-plc", "wet_well_level", 3.0, 10)).size(),
                "the old rule kept running, with its pending delay");
    }

    @Test
    void everyProblemOfAProfileIsNamed() {
        ControlRule bad = new ControlRule("r", "station_auto", ControlRule.Condition.ABOVE, 1, null, Duration.ZERO,
                List.of(new ControlRule.Action("wet_well_level", true), new ControlRule.Action("pump9_run", true),
                        new ControlRule.Action("pump1_run", 1.0)), "x");
        RuleLoadException ex = assertThrows(RuleLoadException.class, () -> RuleSet.compile(profile("2.0.0",
                List.of(bad, bad))));
        List<String> p = ex.problems();
        assertEquals(List.of("rule 'r': 'above' needs a numeric channel, station_auto is BOOLEAN",
                "rule 'r': 'wet_well_level' is not an output channel (gpio mode: output)",
                "rule 'r': output 'pump9_run' is not a channel of the profile",
                "rule 'r': output 'pump1_run' is digital, its value must be true or false",
                "rule 'r': the name is used twice"), p.subList(0, 5));
        assertTrue(ex.getMessage().startsWith("rules of profile pump-station@2.0.0 refused: "));
    }

    @Test
    void reloadKeepsTheStateOfAnUnchangedRuleAndResetsAChangedOne() throws Exception {
        RuleEngine e = new RuleEngine();
        e.load(profile("1.1.0", List.of(STANDBY)));
        assertEquals(1, feed(e, num("ps-plc", "wet_well_level", 3.0, 0), num("ps-plc", "wet_well_level", 3.0, 10))
                .size());
        e.load(profile("1.1.1", List.of(STANDBY)));
        assertEquals(List.of(), feed(e, num("ps-plc", "wet_well_level", 3.0, 20)), "still fired: not again");
        ControlRule lower = new ControlRule(STANDBY.name(), STANDBY.channel(), ControlRule.Condition.ABOVE, 2.6,
                null, Duration.ZERO, STANDBY.actions(), STANDBY.reason());
        e.load(profile("1.2.0", List.of(lower)));
        assertEquals(1, feed(e, num("ps-plc", "wet_well_level", 3.0, 30)).size(), "a changed rule starts afresh");
    }
}
