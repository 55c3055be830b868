package org.hanedge.gateway.rules.internal;

import static org.hanedge.gateway.rules.internal.Fixtures.num;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.rules.internal.Fixtures.FakeClock;
import org.junit.jupiter.api.Test;

/** A site's deadband replaces its profile's for report-by-exception, at run time, windows untouched. */
class DeadbandOverridesTest {
    private final ChannelSpec level = Fixtures.number("level", "m", new Reporting(0.5, false, Duration.ofHours(1)),
            AlarmLimits.NONE);
    private final ChannelSpec windowed = Fixtures.number("flow", "m3/h", new Reporting(0, false, null,
            Duration.ofMinutes(1)), AlarmLimits.NONE);
    private final ChannelLookup profiles = (device, channel) -> Optional.ofNullable(
            Map.of("level", level, "flow", windowed).get(channel));
    private final DeadbandOverrides overrides = new DeadbandOverrides(profiles);

    private List<Double> reported(ReportByException rbe, double... values) {
        List<Reading> in = new java.util.ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            in.add(num("lake-1", "level", values[i], 10 + i));
        }
        return rbe.filter(in).stream().map(Reading::numberValue).toList();
    }

    @Test
    void theSiteDeadbandDecidesWhatIsReported() {
        ReportByException rbe = new ReportByException(overrides, new FakeClock());
        assertEquals(List.of(1.0), reported(rbe, 1.0, 1.2, 1.4), "profile deadband 0.5");
        overrides.set(new String[] {"lake-1/level=0.1"});
        assertEquals(List.of(1.6, 1.8), reported(rbe, 1.05, 1.6, 1.65, 1.8), "site deadband 0.1, from the last "
                + "reported value on");
        overrides.set(new String[0]);
        assertEquals(List.of(2.4), reported(rbe, 2.0, 2.4), "back to the profile's 0.5");
    }

    @Test
    void otherDevicesWindowsAndBadEntriesAreLeftAlone() {
        overrides.set(new String[] {"lake-1/flow=3", "nonsense", "lake-1/level=-1", "lake-1/level=x", "lake-2/level=2"});
        assertEquals(Map.of("lake-1/flow", 3.0, "lake-2/level", 2.0), overrides.deadbands());
        assertSame(windowed, overrides.channel("lake-1", "flow").orElseThrow(), "a window stays a window");
        assertSame(level, overrides.channel("lake-1", "level").orElseThrow());
        ChannelSpec site = overrides.channel("lake-2", "level").orElseThrow();
        assertEquals(new Reporting(2.0, false, Duration.ofHours(1)), site.reporting());
        assertEquals(level.name(), site.name());
        assertSame(site, overrides.channel("lake-2", "level").orElseThrow(), "cached");
        assertEquals(Optional.empty(), overrides.channel("lake-1", "nothing"));
    }
}
