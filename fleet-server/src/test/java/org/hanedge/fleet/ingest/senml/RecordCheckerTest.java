package org.hanedge.fleet.ingest.senml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlEncoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.ThinEncoder;
import org.hanedge.contract.senml.ValueType;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class RecordCheckerTest {
    static final long NOW = Instant.parse("2026-11-27T05:00:00Z").toEpochMilli();
    static final long OLDEST = Instant.parse("2000-01-01T00:00:00Z").toEpochMilli();
    static final Function<String, String> DEVICES = Map.of("sonde", "lake", "display", "signs", "old", "gone")::get;

    final RecordChecker checker;

    RecordCheckerTest() throws Exception {
        DeviceProfile lake = ProfileLoader.load(FleetServerTest.projectPath("device-profiles/lake.yaml"));
        DeviceProfile signs = new DeviceProfile("signs", "1.0.0", "a text channel (no repository profile has one)",
                List.of(new ChannelSpec("message", "shown text", null, ValueKind.TEXT, null, null, null, null, null)));
        checker = new RecordChecker(ProfileCatalog.of(List.of(lake, signs)), Duration.ofDays(1), OLDEST);
    }

    static DecodedPack.Decoded number(String device, String channel, String unit, double v) {
        return at(4, Sample.number(device, channel, unit, v, NOW - 1000, null, 9));
    }

    static DecodedPack.Decoded bool(String channel, boolean b) {
        return at(4, Sample.bool("sonde", channel, b, NOW, null, 9));
    }

    static DecodedPack.Decoded text(String device, String channel, String s) {
        return at(4, Sample.text(device, channel, s, NOW, null, 9));
    }

    static DecodedPack.Decoded at(long millis) {
        return at(4, Sample.number("sonde", "water_level", "m", 1, millis, null, 9));
    }

    static DecodedPack.Decoded at(int index, Sample s) {
        return new DecodedPack.Decoded(index, s);
    }

    Checked check(DecodedPack.Decoded r) {
        return checker.check("gw1", DEVICES.apply(r.sample().device()), r, NOW);
    }

    /** The stored sample of an accepted record. */
    Sample accepted(DecodedPack.Decoded r) {
        Checked c = check(r);
        assertThat(c).as("%s", r).isInstanceOf(Checked.Accepted.class);
        return ((Checked.Accepted) c).sample();
    }

    Refusal problem(DecodedPack.Decoded r, DeadLetterReason reason) {
        Checked c = check(r);
        assertThat(c).as("%s", r).isInstanceOf(Checked.Refused.class);
        Refusal p = ((Checked.Refused) c).refusal();
        assertThat(p.reason()).isEqualTo(reason);
        assertThat(p.index()).isEqualTo(r.index());
        return p;
    }

    @Test
    void recordsMatchingTheProfilePass() {
        assertThat(accepted(number("sonde", "water_level", "m", 1.2)).number()).isEqualTo(1.2);
        assertThat(accepted(number("sonde", "water_level", null, 1.2)).unit()).as("a unit may be left out")
                .isEqualTo("m");
        assertThat(accepted(bool("wiper_fault", true)).bool()).isTrue();
        assertThat(accepted(text("display", "message", "hello")).text()).isEqualTo("hello");
        assertThat(accepted(at(0, Sample.noValue("sonde", "ph", NOW, "BAD_COMM", 1))).quality())
                .as("a value-less record of any channel").isEqualTo("BAD_COMM");
        accepted(at(0, Sample.noValue("sonde", "wiper_fault", NOW, "NON_FINITE", 1)));
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
    void registeredUnitsAreConvertedBackToTheFieldUnit() {
        Sample conductivity = accepted(number("sonde", "conductivity", "S/m", 0.04487));
        assertThat(conductivity.unit()).isEqualTo("uS/cm");
        assertThat(conductivity.number()).isEqualTo(448.7);
        Sample oxygen = accepted(number("sonde", "dissolved_oxygen", "kg/m3", 0.0072));
        assertThat(oxygen.unit()).isEqualTo("mg/L");
        assertThat(oxygen.number()).isEqualTo(7.2);
        Sample inFieldUnit = accepted(number("sonde", "conductivity", "uS/cm", 448.7));
        assertThat(inFieldUnit.number()).as("the field unit itself is still accepted").isEqualTo(448.7);
        assertThat(accepted(number("sonde", "turbidity", null, 3.5)).unit()).as("no unit: the field unit (NTU)")
                .isEqualTo("NTU");
        assertThat(accepted(number("sonde", "water_temperature", "K", 301.65)).number()).isCloseTo(28.5,
                org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aUnitThatIsNeitherTheFieldUnitNorConvertibleIsRefused() {
        assertThat(problem(number("sonde", "water_level", "Cel", 1), DeadLetterReason.WRONG_UNIT).detail())
                .isEqualTo("record 4: unit \"Cel\" of sonde/water_level is neither the profile's \"m\" nor a SenML "
                        + "unit that converts to it");
        assertThat(problem(number("sonde", "water_level", "furlong", 1), DeadLetterReason.WRONG_UNIT).detail())
                .contains("\"furlong\"");
        DecodedPack.Decoded unitOnBoolean = at(1, new Sample("sonde", "wiper_fault", "1", ValueType.BOOLEAN,
                Double.NaN, true, null, Double.NaN, NOW, null, 1));
        assertThat(problem(unitOnBoolean, DeadLetterReason.WRONG_UNIT).detail())
                .isEqualTo("record 1: unit \"1\" of sonde/wiper_fault is neither the profile's (none) nor a SenML "
                        + "unit that converts to it");
    }

    @Test
    void valueTypeMustMatchTheChannelKind() {
        assertThat(problem(bool("water_level", true), DeadLetterReason.WRONG_TYPE).detail())
                .isEqualTo("record 4: channel sonde/water_level is NUMBER (\"v\") but the record has \"vb\"");
        assertThat(problem(number("sonde", "wiper_fault", null, 1), DeadLetterReason.WRONG_TYPE).detail())
                .isEqualTo("record 4: channel sonde/wiper_fault is BOOLEAN (\"vb\") but the record has \"v\"");
        problem(text("sonde", "water_level", "1.2"), DeadLetterReason.WRONG_TYPE);
        problem(number("display", "message", null, 1), DeadLetterReason.WRONG_TYPE);
        DecodedPack.Decoded sumOnly = at(2, new Sample("sonde", "water_level", null, ValueType.NONE, Double.NaN, null,
                null, 5, NOW, null, 1));
        assertThat(problem(sumOnly, DeadLetterReason.WRONG_TYPE).detail()).contains("only a sum");
        DecodedPack.Decoded data = at(3, new Sample("display", "message", null, ValueType.DATA, Double.NaN, null,
                "AAEC", Double.NaN, NOW, null, 1));
        assertThat(problem(data, DeadLetterReason.WRONG_TYPE).detail()).contains("\"vd\"");
    }

    @Test
    void timeMustBeBetweenTheOldestAndNowPlusSkew() {
        long skew = Duration.ofDays(1).toMillis();
        accepted(at(OLDEST));
        accepted(at(NOW + skew));
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
        assertThat(fromProps.check("gw1", null, at(NOW), NOW)).isInstanceOfSatisfying(Checked.Refused.class,
                r -> assertThat(r.refusal().reason()).isEqualTo(DeadLetterReason.UNKNOWN_DEVICE));

        assertThat(RecordChecker.parseOldest("2020-06-01")).isEqualTo(Instant.parse("2020-06-01T00:00:00Z")
                .toEpochMilli());
        assertThat(RecordChecker.parseOldest("2020-06-01T12:00:00Z")).isEqualTo(Instant.parse(
                "2020-06-01T12:00:00Z").toEpochMilli());
        assertThatThrownBy(() -> RecordChecker.parseOldest("last year"))
                .hasMessageContaining("hanedge.fleet.ingest.oldest-time").hasMessageContaining("'last year'");
    }

    @Test
    void packsOfTheContractsEncodersDecodeAndCheckClean() throws Exception {
        long t = NOW - 60_000;
        List<Sample> samples = List.of(Sample.number("sonde", "water_level", "m", 1.31, t, null, 50),
                Sample.number("sonde", "conductivity", "uS/cm", 448.6566162109375, t, null, 51),
                Sample.bool("sonde", "wiper_fault", false, t, null, 52),
                Sample.noValue("sonde", "turbidity", t, "BAD_OFFLINE", 53),
                Sample.number("sonde", "sonde_status", "/", 0, t, null, 54),
                Sample.number("sonde", "salinity", "ppt", 0.1, t, null, 55));
        Precisions precisions = (device, channel) -> "conductivity".equals(channel) ? new BigDecimal("0.1") : null;
        SenmlDecoder decoder = new SenmlDecoder(65536);
        List<byte[]> packs = List.of(new SenmlEncoder(SenmlFormat.JSON).encodePack("gw1", samples, precisions),
                new SenmlEncoder(SenmlFormat.CBOR).encodePack("gw1", samples, precisions),
                new ThinEncoder(1000).encode("gw1", samples, precisions));
        for (byte[] bytes : packs) {
            DecodedPack pack = decoder.decode("gw1", bytes, SenmlFormat.detect(null, bytes), NOW);
            assertThat(pack.problems()).isEmpty();
            List<Checked> checked = pack.records().stream().map(this::check).toList();
            assertThat(checked).map(c -> c instanceof Checked.Refused r ? r.refusal().reason() : null)
                    .containsExactlyInAnyOrder(null, null, null, null, null, DeadLetterReason.UNKNOWN_CHANNEL);
            assertThat(checked).filteredOn(Checked.Accepted.class::isInstance)
                    .map(c -> ((Checked.Accepted) c).sample())
                    .filteredOn(s -> s.channel().equals("conductivity")).singleElement()
                    .satisfies(s -> assertThat(s.number()).as("in uS/cm, rounded to the profile's 0.1")
                            .isEqualTo(448.7));
        }
    }
}
