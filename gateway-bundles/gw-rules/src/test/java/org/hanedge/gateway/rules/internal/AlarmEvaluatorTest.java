package org.hanedge.gateway.rules.internal;

import static org.hanedge.gateway.rules.internal.Fixtures.at;
import static org.hanedge.gateway.rules.internal.Fixtures.bad;
import static org.hanedge.gateway.rules.internal.Fixtures.flag;
import static org.hanedge.gateway.rules.internal.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.Severity;
import org.junit.jupiter.api.Test;

class AlarmEvaluatorTest {

    private static AlarmLimits limits(Double lowLow, Double low, Double high, Double highHigh, double hysteresis,
            Double rate, Duration stuck, Duration on, Duration off) {
        return new AlarmLimits(lowLow, low, high, highHigh, hysteresis, null, rate, stuck, on, off, Map.of());
    }

    private static AlarmEvaluator level(AlarmLimits l) {
        ChannelSpec spec = Fixtures.number("wet_well_level", "m", Reporting.EVERY_SAMPLE, l);
        return new AlarmEvaluator("ps-plc", spec, Set.of());
    }

    private static List<AlarmTransition> feed(AlarmEvaluator e, Reading... samples) {
        List<AlarmTransition> out = new ArrayList<>();
        for (Reading r : samples) {
            out.addAll(e.onSample(r));
        }
        return out;
    }

    private static String states(List<AlarmTransition> ts) {
        return String.join(",", ts.stream().map(t -> t.kind() + (t.raised() ? "+" : "-")).toList());
    }

    @Test
    void noisySignalAroundTheLimitRaisesOnceAndClearsOnce() {
        AlarmEvaluator e = level(limits(null, null, 3.0, null, 0.1, null, null, Duration.ZERO, Duration.ZERO));
        List<AlarmTransition> out = new ArrayList<>();
        double[] noisy = {2.80, 2.97, 3.02, 2.96, 3.04, 2.91, 3.01, 2.95, 3.03, 2.92, 2.99, 3.05, 2.93};
        for (int i = 0; i < noisy.length; i++) {
            out.addAll(e.onSample(num("ps-plc", "wet_well_level", noisy[i], 2 * i)));
        }
        for (int i = 0; i < 10; i++) {
            out.addAll(e.onSample(num("ps-plc", "wet_well_level", 2.5 + (i % 2) * 0.39, 100 + 2 * i)));
        }
        assertEquals("HIGH+,HIGH-", states(out));
        AlarmTransition raise = out.get(0);
        assertEquals(3.02, (Double) raise.value());
        assertEquals(at(4), raise.time());
        AlarmTransition clear = out.get(1);
        assertEquals(2.5, (Double) clear.value(), "cleared by the first value below limit - hysteresis");
        assertEquals(at(100), clear.time());
        assertTrue(e.active().isEmpty());
    }

    @Test
    void withoutHysteresisTheSameNoiseWouldChatter() {
        AlarmEvaluator e = level(limits(null, null, 3.0, null, 0, null, null, Duration.ZERO, Duration.ZERO));
        List<AlarmTransition> out = feed(e, num("p", "wet_well_level", 3.02, 0), num("p", "wet_well_level", 2.98, 1),
                num("p", "wet_well_level", 3.01, 2));
        assertEquals("HIGH+,HIGH-,HIGH+", states(out), "the test signal is noisy enough to matter");
    }

    @Test
    void delayOnNeedsTheConditionToHoldContinuously() {
        AlarmEvaluator e = level(limits(null, null, 3.0, null, 0, null, null, Duration.ofSeconds(10),
                Duration.ZERO));
        List<AlarmTransition> out = new ArrayList<>();
        // above for 8 s, one dip, then above for good: raised 10 s after the second rise
        for (int s = 0; s <= 8; s += 2) {
            out.addAll(e.onSample(num("p", "wet_well_level", 3.1, s)));
        }
        out.addAll(e.onSample(num("p", "wet_well_level", 2.9, 10)));
        for (int s = 12; s <= 30; s += 2) {
            out.addAll(e.onSample(num("p", "wet_well_level", 3.1, s)));
        }
        assertEquals("HIGH+", states(out));
        assertEquals(at(22), out.get(0).time());
        assertEquals(at(12), out.get(0).since());
    }

    @Test
    void noisySignalWithDelayOnAndOffRaisesOnceAndClearsOnce() {
        AlarmEvaluator e = level(limits(null, null, 3.0, null, 0, null, null, Duration.ofSeconds(5),
                Duration.ofSeconds(5)));
        List<AlarmTransition> out = new ArrayList<>();
        int t = 0;
        for (int i = 0; i < 20; i++, t++) { // flips every second: never 5 s on one side
            out.addAll(e.onSample(num("p", "wet_well_level", i % 2 == 0 ? 3.05 : 2.95, t)));
        }
        assertEquals("", states(out));
        for (int i = 0; i < 10; i++, t++) {
            out.addAll(e.onSample(num("p", "wet_well_level", 3.2, t)));
        }
        for (int i = 0; i < 20; i++, t++) { // flipping again while active: no clear
            out.addAll(e.onSample(num("p", "wet_well_level", i % 2 == 0 ? 3.05 : 2.95, t)));
        }
        for (int i = 0; i < 10; i++, t++) {
            out.addAll(e.onSample(num("p", "wet_well_level", 2.5, t)));
        }
        assertEquals("HIGH+,HIGH-", states(out));
        assertEquals(at(25), out.get(0).time());
        assertEquals(at(20), out.get(0).since());
        // the last flip (2.95 at 49 s) already counts toward the clear: 2.95 < 3.0 with no hysteresis
        assertEquals(at(54), out.get(1).time());
        assertEquals(at(49), out.get(1).since());
    }

    @Test
    void delayCompletesOnTheTimerWithoutANewSample() {
        AlarmEvaluator e = level(limits(null, null, 3.0, null, 0, null, null, Duration.ofSeconds(10),
                Duration.ZERO));
        assertEquals(List.of(), e.onSample(num("p", "wet_well_level", 3.3, 0)));
        assertEquals(List.of(), e.tick(at(9)));
        List<AlarmTransition> raised = e.tick(at(10));
        assertEquals("HIGH+", states(raised));
        assertEquals(3.3, (Double) raised.get(0).value());
    }

    @Test
    void allFourLevelsWithTheirSeveritiesAndHysteresis() {
        AlarmEvaluator e = level(limits(340.0, 360.0, 440.0, 460.0, 3, null, null, Duration.ZERO, Duration.ZERO));
        List<AlarmTransition> out = feed(e, num("p", "v", 400, 0), num("p", "v", 445, 1), num("p", "v", 461, 2),
                num("p", "v", 458, 3), num("p", "v", 456, 4), num("p", "v", 438, 5), num("p", "v", 436, 6),
                num("p", "v", 355, 7), num("p", "v", 330, 8), num("p", "v", 342, 9), num("p", "v", 344, 10),
                num("p", "v", 365, 11));
        assertEquals("HIGH+,HIGH_HIGH+,HIGH_HIGH-,HIGH-,LOW+,LOW_LOW+,LOW_LOW-,LOW-", states(out));
        assertEquals(Severity.MAJOR, out.get(0).severity());
        assertEquals(Severity.CRITICAL, out.get(1).severity());
        assertEquals(Severity.CRITICAL, out.get(5).severity());
        assertEquals(460.0, out.get(1).limit());
        assertEquals(340.0, out.get(5).limit());
        assertEquals("ps-plc/wet_well_level/HIGH_HIGH", out.get(1).id());
    }

    @Test
    void aBadSampleNeitherRaisesNorClearsButInterruptsADelay() {
        AlarmEvaluator e = level(limits(null, null, 3.0, null, 0, null, null, Duration.ofSeconds(4),
                Duration.ZERO));
        List<AlarmTransition> out = feed(e, num("p", "wet_well_level", 3.5, 0), bad("p", "wet_well_level", 2),
                num("p", "wet_well_level", 3.5, 4), num("p", "wet_well_level", 3.5, 6));
        assertEquals("", states(out), "the delay restarted at 4 s");
        assertEquals(List.of(), e.tick(at(7)));
        out = feed(e, num("p", "wet_well_level", 3.5, 8), bad("p", "wet_well_level", 10),
                bad("p", "wet_well_level", 12));
        assertEquals("HIGH+", states(out));
        assertEquals(Set.of(AlarmKind.HIGH), e.active(), "bad samples do not clear");
        assertEquals(List.of(), e.tick(at(100)));
    }

    @Test
    void rateOfChangePerMinuteBetweenConsecutiveGoodSamples() {
        ChannelSpec spec = Fixtures.number("lake_level", "m", Reporting.EVERY_SAMPLE,
                limits(null, null, null, null, 0, 0.3, null, Duration.ZERO, Duration.ZERO));
        AlarmEvaluator e = new AlarmEvaluator("lake", spec, Set.of());
        List<AlarmTransition> out = feed(e, num("lake", "lake_level", 1.00, 0), num("lake", "lake_level", 1.01, 10),
                num("lake", "lake_level", 1.02, 20), bad("lake", "lake_level", 25),
                num("lake", "lake_level", 1.12, 30), num("lake", "lake_level", 1.13, 40),
                num("lake", "lake_level", 1.14, 50));
        assertEquals("RATE_OF_CHANGE+,RATE_OF_CHANGE-", states(out));
        AlarmTransition raise = out.get(0);
        assertEquals(0.6, (Double) raise.value(), 1e-9, "0.10 m in 10 s = 0.6 m/min");
        assertEquals(0.3, raise.limit());
        assertEquals(Severity.MINOR, raise.severity());
        assertEquals(at(30), raise.time());
        assertEquals(at(40), out.get(1).time());
        assertTrue(raise.message().contains("0.60 m/min"), raise.message());
    }

    @Test
    void stuckValueRaisesAfterStuckAfterAndClearsOnTheFirstChange() {
        ChannelSpec spec = Fixtures.number("do_sat", "%", Reporting.EVERY_SAMPLE,
                limits(null, null, null, null, 0, null, Duration.ofSeconds(60), Duration.ZERO, Duration.ZERO));
        AlarmEvaluator e = new AlarmEvaluator("lake", spec, Set.of());
        List<AlarmTransition> out = new ArrayList<>();
        out.addAll(e.onSample(num("lake", "do_sat", 80.0, 0)));
        out.addAll(e.onSample(num("lake", "do_sat", 80.5, 5)));
        for (int s = 10; s <= 80; s += 10) {
            out.addAll(e.onSample(num("lake", "do_sat", 81.25, s)));
        }
        assertEquals("STUCK+", states(out));
        assertEquals(at(70), out.get(0).time());
        assertEquals(at(10), out.get(0).since(), "since the value last changed");
        assertNull(out.get(0).limit());
        out.clear();
        out.addAll(e.onSample(num("lake", "do_sat", 81.26, 90)));
        assertEquals("STUCK-", states(out));
    }

    @Test
    void stateAlarmOnABooleanChannelWithDelayOnThroughTheTimer() {
        AlarmLimits l = new AlarmLimits(null, null, null, null, 0, true, null, null, Duration.ofSeconds(3),
                Duration.ZERO, Map.of(AlarmKind.STATE, Severity.CRITICAL));
        AlarmEvaluator e = new AlarmEvaluator("ps-io", Fixtures.bool("high_level_float",
                new Reporting(0, true, null), l), Set.of());
        assertEquals(List.of(), e.onSample(flag("ps-io", "high_level_float", false, 0)));
        assertEquals(List.of(), e.onSample(flag("ps-io", "high_level_float", true, 1)));
        assertEquals(List.of(), e.onSample(flag("ps-io", "high_level_float", false, 2)), "a blip");
        assertEquals(List.of(), e.onSample(flag("ps-io", "high_level_float", true, 5)));
        assertEquals(List.of(), e.tick(at(7)));
        List<AlarmTransition> raised = e.tick(at(8));
        assertEquals("STATE+", states(raised));
        assertEquals(Severity.CRITICAL, raised.get(0).severity(), "the profile's override");
        assertEquals(Boolean.TRUE, raised.get(0).value());
        assertEquals("STATE-", states(e.onSample(flag("ps-io", "high_level_float", false, 20))));
    }

    @Test
    void raiseJsonCarriesWhatTheFleetServerParses() {
        AlarmEvaluator e = level(limits(null, null, null, 3.0, 0.05, null, null, Duration.ofSeconds(4),
                Duration.ZERO));
        feed(e, num("ps-plc", "wet_well_level", 3.1, 0));
        AlarmTransition t = feed(e, num("ps-plc", "wet_well_level", 3.1, 4)).get(0);
        assertEquals("{\"alarm\":\"ps-plc/wet_well_level/HIGH_HIGH\",\"device\":\"ps-plc\",\"channel\":"
                + "\"wet_well_level\",\"kind\":\"HIGH_HIGH\",\"state\":\"raised\",\"severity\":\"CRITICAL\","
                + "\"value\":3.1,\"limit\":3,\"time\":\"2026-11-27T04:00:04Z\",\"since\":\"2026-11-27T04:00:00Z\","
                + "\"message\":\"wet_well_level 3.10 m >= high-high 3.00 m\"}", t.json());
    }

    @Test
    void reconfigureKeepsActiveAlarmsOfKindsStillThereAndClearsTheOthers() {
        AlarmEvaluator e = level(limits(null, null, 3.0, 3.5, 0, null, null, Duration.ZERO, Duration.ZERO));
        assertEquals("HIGH+,HIGH_HIGH+", states(e.onSample(num("p", "wet_well_level", 3.6, 0))));
        ChannelSpec next = Fixtures.number("wet_well_level", "m", Reporting.EVERY_SAMPLE,
                limits(null, null, 3.0, null, 0, null, null, Duration.ZERO, Duration.ZERO));
        List<AlarmTransition> out = e.reconfigure(next, at(5));
        assertEquals("HIGH_HIGH-", states(out));
        assertTrue(out.get(0).message().contains("no longer in the profile"), out.get(0).message());
        assertEquals(List.of(), e.onSample(num("p", "wet_well_level", 3.6, 6)), "HIGH is not raised again");
        assertFalse(e.active().contains(AlarmKind.HIGH_HIGH));
    }
}
