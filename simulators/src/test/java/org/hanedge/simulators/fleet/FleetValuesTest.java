package org.hanedge.simulators.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Plausible values, the pack encoding and the latency histogram, without a broker. */
class FleetValuesTest {
    @Test
    void numbersStayInsideTheirAlarmBandAndBooleansAreMostlyNormal() throws Exception {
        DeviceProfile lake = ProfileLoader.load(Path.of("..", "device-profiles", "lake.yaml"));
        List<ChannelValues.Channel> channels = ChannelValues.channelsOf(lake);
        ChannelValues values = new ChannelValues(channels, 7);
        int flips = 0;
        int bools = 0;
        for (int i = 0; i < 20_000; i++) {
            ChannelValues.Channel c = values.nextChannel();
            ChannelSpec spec = lake.channel(c.name()).orElseThrow();
            assertTrue(spec.kind() != ValueKind.TEXT);
            if (c.bool()) {
                bools++;
                if (values.bool(c) != c.normal()) {
                    flips++;
                }
            } else {
                double v = values.number(c);
                AlarmLimits a = spec.alarms();
                if (a.low() != null) {
                    assertTrue(v > a.low(), c.name() + " " + v);
                }
                if (a.high() != null) {
                    assertTrue(v < a.high(), c.name() + " " + v);
                }
            }
        }
        assertTrue(bools > 0);
        assertTrue(flips > 0 && flips < bools / 10, flips + " of " + bools);
        // water temperature (high 33) sits in the twenties, pH between 6.5 and 8.5 near 7.5
        assertEquals(24.75, ChannelValues.band(lake.channel("water_temperature").orElseThrow().alarms())[0], 1e-9);
        assertEquals(7.5, ChannelValues.band(lake.channel("ph").orElseThrow().alarms())[0], 1e-9);
    }

    @Test
    void aProfileWithOnlyTextChannelsIsRefused() {
        ChannelSpec text = new ChannelSpec("label", "a label", null, ValueKind.TEXT, null, Duration.ofSeconds(1),
                null, AlarmLimits.NONE, null);
        var e = org.junit.jupiter.api.Assertions.assertThrows(FleetConfigException.class,
                () -> ChannelValues.channelsOf(new DeviceProfile("words", "1.0.0", "text only", List.of(text))));
        assertEquals("profile words has no number or boolean channels", e.getMessage());
    }

    @Test
    void jsonPackHasTheGatewaysFieldOrderAndMillisecondTime() throws Exception {
        ChannelValues values = new ChannelValues(List.of(
                new ChannelValues.Channel("level", "m", false, 1.5, 0.1, false, 0),
                new ChannelValues.Channel("door_open", null, true, 0, 0, false, 0)), 1);
        if (values.nextChannel().name().equals("level")) {
            values.nextChannel(); // start at "level" whatever the random first channel was
        }
        String text = new String(new TelemetryPacks(TelemetryForm.JSON, "gw", "dev", Precisions.NONE)
                .encode(values, 3, 41, 1740816930125L));
        assertTrue(text.startsWith("[{\"bn\":\"gw/dev/\",\"n\":\"level\",\"u\":\"m\",\"t\":1740816930.125,\"v\":"),
                text);
        JsonNode pack = new ObjectMapper().readTree(text);
        assertEquals(3, pack.size());
        JsonNode door = pack.get(1);
        assertEquals("door_open", door.get("n").asText());
        assertTrue(door.get("vb").isBoolean());
        assertEquals(42, door.get("seq").asLong());
        assertFalse(door.has("u"));
        assertFalse(door.has("v"));
        assertEquals(43, pack.get(2).get("seq").asLong());
        assertFalse(pack.get(2).has("bn"));
    }

    @Test
    void histogramQuantilesAreBucketBoundsNeverBelowTheTruth() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 1000; i++) {
            h.record(i * 1_000_000L); // 1 .. 1000 ms
        }
        assertEquals(1000, h.count());
        long p50 = h.quantile(0.5).toMillis();
        long p99 = h.quantile(0.99).toMillis();
        assertTrue(p50 >= 500 && p50 <= 550, "p50 " + p50);
        assertTrue(p99 >= 990 && p99 <= 1000, "p99 " + p99);
        assertEquals(Duration.ofMillis(1000), h.max());
        assertEquals(Duration.ZERO, new LatencyHistogram().quantile(0.99));
    }

    @Test
    void backfillTimesAdvanceOneStepPerPackAndNeverPassNow() {
        VirtualGateway.Load live = new VirtualGateway.Load(10, java.time.Duration.ofSeconds(1), 10, TelemetryForm.JSON, 1,
                "f", 0, 0);
        org.junit.jupiter.api.Assertions.assertEquals(5_000, live.timeOf(3, 5_000));
        VirtualGateway.Load backfill = new VirtualGateway.Load(10, java.time.Duration.ofSeconds(1), 10, TelemetryForm.JSON,
                1, "f", 1_000, 300_000);
        org.junit.jupiter.api.Assertions.assertEquals(1_000, backfill.timeOf(0, 10_000_000));
        org.junit.jupiter.api.Assertions.assertEquals(901_000, backfill.timeOf(3, 10_000_000));
        org.junit.jupiter.api.Assertions.assertEquals(10_000_000, backfill.timeOf(1_000, 10_000_000));
    }

    @Test
    void aChannelWithABoundedSilenceGoesFirstOnceHalfOfItHasPassed() {
        ChannelValues values = new ChannelValues(List.of(
                new ChannelValues.Channel("level", "m", false, 1.5, 0.1, false, 0),
                new ChannelValues.Channel("pump1_current", "A", false, 38, 1, false, 20_000),
                new ChannelValues.Channel("door_open", null, true, 0, 0, false, 0)), 1);
        values.advance(1_000_000);
        assertEquals(0, values.due(), "the first pack starts the clock");
        values.advance(1_009_999);
        assertEquals(0, values.due(), "9.999 s later: not yet");
        values.advance(1_010_000);
        assertEquals(1, values.due(), "half of its 20 s");
        assertEquals("pump1_current", values.nextChannel().name());
        assertEquals(0, values.due());
        assertFalse(values.nextChannel().name().equals("pump1_current"), "then the others in turn");
    }
}
