package org.hanedge.gateway.rules.internal;

import static org.hanedge.gateway.rules.internal.Fixtures.at;
import static org.hanedge.gateway.rules.internal.Fixtures.bad;
import static org.hanedge.gateway.rules.internal.Fixtures.flag;
import static org.hanedge.gateway.rules.internal.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.Reporting;
import org.junit.jupiter.api.Test;

class ReportFilterTest {
    private static final Duration GRACE = Duration.ofSeconds(2);

    private static List<Double> values(List<Reading> readings) {
        return readings.stream().map(r -> r.value() instanceof Double d ? d : Double.NaN).toList();
    }

    private static List<Reading> offerAll(ReportFilter f, Reading... samples) {
        List<Reading> out = new ArrayList<>();
        for (Reading r : samples) {
            out.addAll(f.offer(r));
        }
        return out;
    }

    @Test
    void deadbandReportsMovesLargerThanTheBandFromTheLastReportedValue() {
        ReportFilter f = new ReportFilter(new Reporting(0.02, false, null), GRACE);
        List<Reading> out = offerAll(f, num("d", "level", 1.00, 0), num("d", "level", 1.01, 2),
                num("d", "level", 1.02, 4), num("d", "level", 1.025, 6), num("d", "level", 1.04, 8),
                num("d", "level", 1.03, 10), num("d", "level", 0.99, 12));
        // first always; 1.025 is 0.025 from 1.00; 1.04 only 0.015 from 1.025; 0.99 is 0.035 below
        assertEquals(List.of(1.00, 1.025, 0.99), values(out));
    }

    @Test
    void deadbandZeroReportsEverySampleEvenUnchanged() {
        ReportFilter f = new ReportFilter(Reporting.EVERY_SAMPLE, GRACE);
        assertEquals(3, offerAll(f, num("d", "x", 1, 0), num("d", "x", 1, 1), num("d", "x", 1, 2)).size());
    }

    @Test
    void onChangeReportsAnyChangeAndNothingElse() {
        ReportFilter f = new ReportFilter(new Reporting(0, true, null), GRACE);
        List<Reading> out = offerAll(f, num("d", "h", 7, 0), num("d", "h", 7, 60), num("d", "h", 7.0001, 120),
                num("d", "h", 7.0001, 180));
        assertEquals(List.of(7.0, 7.0001), values(out));
    }

    @Test
    void booleansAndTextReportOnChange() {
        ReportFilter f = new ReportFilter(new Reporting(0, true, null), GRACE);
        List<Reading> out = offerAll(f, flag("d", "auto", true, 0), flag("d", "auto", true, 1),
                flag("d", "auto", false, 2), flag("d", "auto", false, 3), flag("d", "auto", true, 4));
        assertEquals(List.of(true, false, true), out.stream().map(Reading::value).toList());
        ReportFilter text = new ReportFilter(new Reporting(0, true, null), GRACE);
        Reading a = new Reading("d", "fix", "3D", null, at(0), Quality.GOOD);
        Reading same = new Reading("d", "fix", "3D", null, at(1), Quality.GOOD);
        Reading b = new Reading("d", "fix", "none", null, at(2), Quality.GOOD);
        assertEquals(List.of(a, b), offerAll(text, a, same, b));
    }

    @Test
    void heartbeatReportsASampleOnceTheLastReportIsThatOld() {
        ReportFilter f = new ReportFilter(new Reporting(0.5, false, Duration.ofSeconds(60)), GRACE);
        List<Reading> out = new ArrayList<>();
        for (int s = 0; s <= 130; s += 10) {
            out.addAll(f.offer(num("d", "level", 2.0, s)));
        }
        assertEquals(List.of(at(0), at(60), at(120)), out.stream().map(Reading::time).toList());
    }

    @Test
    void timerHeartbeatRepeatsTheLatestValueOfASilentChannelAfterTheGrace() {
        ReportFilter f = new ReportFilter(new Reporting(0, true, Duration.ofSeconds(60)), GRACE);
        assertEquals(1, f.offer(flag("d", "float", false, 0)).size());
        assertEquals(List.of(), f.tick(at(61)), "a polled channel gets the grace to heartbeat by itself");
        List<Reading> hb = f.tick(at(62));
        assertEquals(1, hb.size());
        assertEquals(Boolean.FALSE, hb.get(0).value());
        assertEquals(at(62), hb.get(0).time());
        assertEquals(Quality.GOOD, hb.get(0).quality());
        assertEquals(List.of(), f.tick(at(100)), "the next heartbeat counts from the last one");
        assertEquals(1, f.tick(at(124)).size());
    }

    @Test
    void noHeartbeatWithoutOne() {
        ReportFilter f = new ReportFilter(new Reporting(0, true, null), GRACE);
        f.offer(flag("d", "float", false, 0));
        assertEquals(List.of(), f.tick(at(86_400)));
    }

    @Test
    void aChangeOfQualityIsAlwaysReported() {
        ReportFilter f = new ReportFilter(new Reporting(0.5, false, null), GRACE);
        Reading good = num("d", "level", 1.0, 0);
        Reading bad1 = bad("d", "level", 2);
        Reading bad2 = bad("d", "level", 4);
        Reading back = num("d", "level", 1.0, 6);
        Reading uncertain = new Reading("d", "level", 1.0, "m", at(8), Quality.UNCERTAIN);
        assertEquals(List.of(good, bad1, back, uncertain), offerAll(f, good, bad1, bad2, back, uncertain));
    }

    @Test
    void windowReportsAverageMinAndMaxAtItsEnd() {
        ReportFilter f = new ReportFilter(new Reporting(0, false, null, Duration.ofSeconds(10)), GRACE);
        List<Reading> out = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            out.addAll(f.offer(num("m", "current", 30 + s, s)));
        }
        assertEquals(List.of(), out, "nothing before the window ends");
        out.addAll(f.offer(num("m", "current", 50, 10)));
        assertEquals(List.of("current", "current_min", "current_max"), out.stream().map(Reading::channel).toList());
        assertEquals(List.of(34.5, 30.0, 39.0), values(out));
        assertTrue(out.stream().allMatch(r -> r.time().equals(at(10)) && "m".equals(r.unit())
                && r.quality() == Quality.GOOD));
        // the second window (one sample, 50) is closed by the timer once its end plus the grace has passed
        assertEquals(List.of(), f.tick(at(21)));
        List<Reading> second = f.tick(at(22));
        assertEquals(List.of(50.0, 50.0, 50.0), values(second));
        assertEquals(at(20), second.get(0).time());
        assertEquals(List.of(), f.tick(at(40)), "an empty window reports nothing");
    }

    @Test
    void windowIsUncertainWhenASampleWasAndPassesQualityChangesAtOnce() {
        ReportFilter f = new ReportFilter(new Reporting(0, false, null, Duration.ofSeconds(10)), GRACE);
        List<Reading> out = new ArrayList<>();
        out.addAll(f.offer(num("m", "current", 10, 1)));
        out.addAll(f.offer(new Reading("m", "current", 20.0, "A", at(2), Quality.UNCERTAIN)));
        Reading offline = Reading.failed("m", "current", "A", at(12), Quality.BAD_OFFLINE);
        out.addAll(f.offer(offline));
        assertEquals(List.of("current", "current_min", "current_max", "current"),
                out.stream().map(Reading::channel).toList());
        assertEquals(Quality.UNCERTAIN, out.get(0).quality());
        assertEquals(15.0, out.get(0).numberValue());
        assertEquals(offline, out.get(3));
        assertEquals(List.of(), f.offer(Reading.failed("m", "current", "A", at(14), Quality.BAD_OFFLINE)));
    }

    @Test
    void aLateSampleGoesIntoTheNextWindowInsteadOfReopeningAClosedOne() {
        ReportFilter f = new ReportFilter(new Reporting(0, false, null, Duration.ofSeconds(10)), GRACE);
        f.offer(num("m", "c", 1, 1));
        assertEquals(3, f.tick(at(12)).size());
        f.offer(num("m", "c", 5, 9.5));
        List<Reading> next = f.tick(at(22));
        assertEquals(at(20), next.get(0).time());
        assertEquals(5.0, next.get(0).numberValue());
    }

    @Test
    void reconfigureKeepsTheLastReportedValue() {
        ReportFilter f = new ReportFilter(new Reporting(0.5, false, null), GRACE);
        f.offer(num("d", "x", 1.0, 0));
        f.reconfigure(new Reporting(0.1, false, null));
        assertEquals(List.of(), f.offer(num("d", "x", 1.05, 1)));
        assertEquals(1, f.offer(num("d", "x", 1.2, 2)).size());
    }

    @Test
    void nanIsAChangeAgainstANumber() {
        ReportFilter f = new ReportFilter(new Reporting(0.5, false, null), GRACE);
        assertEquals(3, offerAll(f, num("d", "x", 1.0, 0), num("d", "x", Double.NaN, 1),
                num("d", "x", Double.NaN, 2), num("d", "x", 1.0, 3)).size());
    }
}
