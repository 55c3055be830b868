package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RecordCheckerTest {
    static final long NOW = SenmlDecoderTest.NOW;
    static final long OLDEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final Function<String, String> DEVICES = Map.of("sonde", "lake", "display", "signs", "old", "gone")::get;

    final RecordChecker checker;

    RecordCheckerTest() throws Exception {
        DeviceProfile lake = ProfileLoader.load(FleetServerTest.projectPath("device-profiles/lake.yaml"));
        DeviceProfile signs = new DeviceProfile("signs", "1.0.0", "a text channel (no repository profile has one)",
                List.of(new ChannelSpec("message", "shown text", null, ValueKind.TEXT, null, null, null, null, null)));
        checker = new RecordChecker(ProfileCatalog.of(List.of(lake, signs)), Duration.ofDays(1), OLDEST);
    }

    static SenmlRecord number(String device, String channel, String unit, double v) {
        return new SenmlRecord(4, device, channel, unit, ValueType.NUMBER, v, null, null, NOW - 1000, null, 9);
    }

    static SenmlRecord bool(String channel, boolean b) {
        return new SenmlRecord(4, "sonde", channel, null, ValueType.BOOLEAN, Double.NaN, b, null, NOW, null, 9);
    }

    static SenmlRecord text(String device, String channel, String s) {
        return new SenmlRecord(4, device, channel, null, ValueType.TEXT, Double.NaN, null, s, NOW, null, 9);
    }

    static SenmlRecord at(long millis) {
        return new SenmlRecord(4, "sonde", "water_level", "m", ValueType.NUMBER, 1, null, null, millis, null, 9);
    }

    Optional<RecordProblem> check(SenmlRecord r) {
        return checker.check("gw1", DEVICES, r, NOW);
    }

    RecordProblem problem(SenmlRecord r, DeadLetterReason reason) {
        RecordProblem p = check(r).orElseThrow(() -> new AssertionError("no problem with " + r));
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.index()).isEqualTo(r.index());
        assertThat(p.recordText()).isEqualTo(r.describe());
        return p;
    }

    @Test
    void recordsMatchingTheProfilePass() {
        assertThat(check(number("sonde", "water_level", "m", 1.2))).isEmpty();
        assertThat(check(number("sonde", "water_level", null, 1.2))).as("a unit may be left out").isEmpty();
        assertThat(check(bool("wiper_fault", true))).isEmpty();
        assertThat(check(text("display", "message", "hello"))).isEmpty();
        assertThat(check(new SenmlRecord(0, "sonde", "ph", "pH", ValueType.NONE, Double.NaN, null, null, NOW,
                "BAD_COMM", 1))).as("a value-less record of any channel").isEmpty();
        assertThat(check(new SenmlRecord(0, "sonde", "wiper_fault", null, ValueType.NONE, Double.NaN, null, null,
                NOW, "NON_FINITE", 1))).isEmpty();
    }

    @Test
    void windowedChannelsAlsoReportTheirExtremes() throws Exception {
        DeviceProfile ps = ProfileLoader.load(FleetServerTest.projectPath("device-profiles/pump-station.yaml"));
        RecordChecker c = new RecordChecker(ProfileCatalog.of(List.of(ps)), Duration.ofDays(1), OLDEST);
        assertThat(ps.channel("pump1_current").orElseThrow().reporting().window()).isNotNull();
        assertThat(c.channel("pump-station", "pump1_current_max")).isPresent();
        assertThat(c.channel("pump-station", "pump1_current_min").orElseThrow().unit()).isEqualTo("A");
        assertThat(c.channel("pump-station", "wet_well_level_max")).as("only windowed channels").isEmpty();
        assertThat(c.channel("lake", "ph")).isEmpty();
    }

    @Test
    void deviceAndChannelMustBeKnown() {
        assertThat(problem(number("pump", "water_level", "m", 1), DeadLetterReason.UNKNOWN_DEVICE).detail())
                .isEqualTo("record 4: device \"pump\" is not announced by gateway gw1 (no profile for it)");
        assertThat(problem(number("old", "water_level", "m", 1), DeadLetterReason.UNKNOWN_PROFILE).detail())
                .isEqualTo("record 4: device \"old\" uses profile \"gone\", which the server does not have");
        assertThat(problem(number("sonde", "salinity", "ppt", 1), DeadLetterReason.UNKNOWN_CHANNEL).detail())
                .isEqualTo("record 4: channel \"salinity\" is not in profile lake (device \"sonde\")");
    }

    @Test
    void unitMustBeTheProfiles() {
        assertThat(problem(number("sonde", "water_level", "cm", 1), DeadLetterReason.WRONG_UNIT).detail())
                .isEqualTo("record 4: unit \"cm\" of sonde/water_level differs from the profile's \"m\"");
        SenmlRecord unitOnBoolean = new SenmlRecord(1, "sonde", "wiper_fault", "1", ValueType.BOOLEAN, Double.NaN,
                true, null, NOW, null, 1);
        assertThat(problem(unitOnBoolean, DeadLetterReason.WRONG_UNIT).detail())
                .isEqualTo("record 1: unit \"1\" of sonde/wiper_fault differs from the profile's (none)");
    }

    @Test
    void valueTypeMustMatchTheChannelKind() {
        assertThat(problem(bool("water_level", true), DeadLetterReason.WRONG_TYPE).detail())
                .isEqualTo("record 4: channel sonde/water_level is NUMBER (\"v\") but the record has \"vb\"");
        assertThat(problem(number("sonde", "wiper_fault", null, 1), DeadLetterReason.WRONG_TYPE).detail())
                .isEqualTo("record 4: channel sonde/wiper_fault is BOOLEAN (\"vb\") but the record has \"v\"");
        problem(text("sonde", "water_level", "1.2"), DeadLetterReason.WRONG_TYPE);
        problem(number("display", "message", null, 1), DeadLetterReason.WRONG_TYPE);
    }

    @Test
    void timeMustBeBetweenTheOldestAndNowPlusSkew() {
        long skew = Duration.ofDays(1).toMillis();
        assertThat(check(at(OLDEST))).isEmpty();
        assertThat(check(at(NOW + skew))).isEmpty();
        assertThat(problem(at(OLDEST - 1), DeadLetterReason.ABSURD_TIME).detail()).isEqualTo(
                "record 4: time 1999-12-31T23:59:59.999Z is before the oldest accepted time 2000-01-01T00:00:00Z");
        assertThat(problem(at(NOW + skew + 1), DeadLetterReason.ABSURD_TIME).detail()).isEqualTo(
                "record 4: time 2026-11-28T05:00:00.001Z is more than PT24H after the server's time "
                        + "2026-11-27T05:00:00Z");
        problem(at(Long.MAX_VALUE), DeadLetterReason.ABSURD_TIME);
        problem(at(Long.MIN_VALUE), DeadLetterReason.ABSURD_TIME);
    }

    @Test
    void settingsComeFromFleetProperties() {
        FleetProperties props = new Binder(new MapConfigurationPropertySource(Map.of(
                "hanedge.fleet.ingest.max-future-skew", "5m", "hanedge.fleet.ingest.oldest-time", "2020-06-01")))
                .bindOrCreate("hanedge.fleet", FleetProperties.class);
        RecordChecker fromProps = new RecordChecker(ProfileCatalog.of(List.of()), props);
        Function<String, String> none = d -> null;
        assertThat(fromProps.check("gw1", none, at(NOW), NOW)).get().extracting(RecordProblem::reason)
                .isEqualTo(DeadLetterReason.UNKNOWN_DEVICE);

        assertThat(RecordChecker.parseOldest("2020-06-01")).isEqualTo(Instant.parse("2020-06-01T00:00:00Z")
                .toEpochMilli());
        assertThat(RecordChecker.parseOldest("2020-06-01T12:00:00Z")).isEqualTo(Instant.parse(
                "2020-06-01T12:00:00Z").toEpochMilli());
        assertThatThrownBy(() -> RecordChecker.parseOldest("last year"))
                .hasMessageContaining("hanedge.fleet.ingest.oldest-time").hasMessageContaining("'last year'");
    }

    @Test
    void aGatewayPackDecodesAndChecksClean() throws Exception {
        Instant t = Instant.ofEpochMilli(NOW - 60_000);
        List<Reading> readings = List.of(Reading.of("sonde", "water_level", 1.31, "m", t),
                Reading.of("sonde", "ph", 7.2, "pH", t),
                new Reading("sonde", "wiper_fault", Boolean.FALSE, null, t, Quality.GOOD),
                Reading.failed("sonde", "turbidity", "NTU", t, Quality.BAD_OFFLINE),
                Reading.of("sonde", "sonde_status", 0, "/", t),
                Reading.of("sonde", "salinity", 0.1, "ppt", t));
        for (SenmlFormat format : SenmlFormat.values()) {
            DecodedPack pack = new SenmlDecoder(65536, Clock.systemUTC()).decode("gw1",
                    GatewayEncoder.pack(format, "gw1", readings, 50), format, NOW);
            assertThat(pack.problems()).isEmpty();
            assertThat(pack.records()).map(r -> check(r).map(RecordProblem::reason).orElse(null))
                    .containsExactly(null, null, null, null, null, DeadLetterReason.UNKNOWN_CHANNEL);
        }
    }
}
