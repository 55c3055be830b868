package org.hanedge.gateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ControlRule;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Interlock;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.gateway.api.profile.Severity;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The profiles shipped in device-profiles/ all load, and carry what the simulators and drivers rely on. */
class ShippedProfilesTest {
    static final Path DIR = Path.of("../../device-profiles");

    @Test
    void theDirectoryHoldsExactlyTheFiveSiteKinds() throws Exception {
        try (Stream<Path> files = Files.list(DIR)) {
            List<String> names = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .sorted().toList();
            assertEquals(List.of("fishing-boat.yaml", "intersection.yaml", "lake.yaml", "pump-station.yaml",
                    "waste-truck.yaml"), names);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"intersection", "lake", "pump-station", "waste-truck", "fishing-boat"})
    void loadsAndHasSeveralModbusChannels(String id) throws Exception {
        DeviceProfile profile = ProfileLoader.load(DIR.resolve(id + ".yaml"));
        assertEquals(id, profile.id());
        assertTrue(profile.version().matches("1\\.\\d+\\.\\d+"), profile.version());
        assertFalse(profile.description().isBlank());
        assertTrue(profile.channelsOn(ModbusSource.class).size() >= 3, "several Modbus channels in " + id);
        for (ChannelSpec c : profile.channels()) {
            assertEquals(c.kind() == ValueKind.NUMBER, c.unit() != null, c.name() + ": unit iff numeric");
            assertTrue(Units.isKnown(c.unit()) || c.unit() == null, c.name());
            assertEquals(c.kind() == ValueKind.NUMBER, c.precision() != null,
                    id + "/" + c.name() + ": every numeric channel declares its precision");
        }
    }

    @Test
    void pumpStationChannelsCarryTheirSources() throws Exception {
        DeviceProfile p = ProfileLoader.load(DIR.resolve("pump-station.yaml"));
        ChannelSpec level = p.channel("wet_well_level").orElseThrow();
        assertEquals("m", level.unit());
        assertEquals(new ModbusSource(RegisterTable.HOLDING_REGISTER, 0, DataType.UINT16, Endian.BIG, Endian.BIG,
                0.01, 0, -1), level.source());
        assertEquals(Duration.ofSeconds(2), level.poll());
        assertEquals(0.02, level.reporting().deadband());
        assertEquals(Duration.ofMinutes(5), level.reporting().heartbeat());
        assertEquals(4.2, level.alarms().highHigh());
        assertEquals("3330/0/5700", level.lwm2m().toString());

        ChannelSpec running = p.channel("pump1_running").orElseThrow();
        assertEquals(ValueKind.BOOLEAN, running.kind());
        assertNull(running.unit());
        assertTrue(running.reporting().onChange());
        assertEquals(Duration.ofSeconds(5), running.poll(), "profile default poll");

        ModbusSource hours = (ModbusSource) p.channel("pump1_hours").orElseThrow().source();
        assertEquals(Endian.LITTLE, hours.wordOrder());
        assertEquals(DataType.UINT32, hours.type());

        GpioSource rain = (GpioSource) p.channel("rain_rate").orElseThrow().source();
        assertEquals(GpioMode.COUNTER, rain.mode());
        assertEquals(0.2, rain.perPulse());
        assertEquals(Duration.ofMillis(20), rain.debounce());
        assertTrue(rain.activeLow());
        assertEquals(ValueKind.NUMBER, p.channel("rain_rate").orElseThrow().kind());

        ChannelSpec flt = p.channel("high_level_float").orElseThrow();
        assertEquals(ValueKind.BOOLEAN, flt.kind());
        assertEquals(Boolean.TRUE, flt.alarms().state());

        for (String pump : List.of("pump1_run", "pump2_run", "pump3_run")) {
            ChannelSpec relay = p.channel(pump).orElseThrow();
            assertEquals(GpioMode.OUTPUT, ((GpioSource) relay.source()).mode());
            assertEquals(ValueKind.BOOLEAN, relay.kind());
            assertNull(relay.unit());
            assertEquals(List.of(new Interlock(pump, "wet_well_level", 0.8, null, "dry-run protection")),
                    p.interlocksOf(pump));
        }
        assertEquals(3, p.interlocks().size());
    }

    @Test
    void pumpStationAlarmsWindowsAndRules() throws Exception {
        DeviceProfile p = ProfileLoader.load(DIR.resolve("pump-station.yaml"));
        assertEquals("pump-station@1.1.0", p.ref());
        AlarmLimits level = p.channel("wet_well_level").orElseThrow().alarms();
        assertEquals(Duration.ofSeconds(5), level.delayOn());
        assertEquals(Duration.ofSeconds(30), level.delayOff());
        assertEquals(Duration.ofMinutes(30), level.stuckAfter());
        assertEquals(0.5, level.rateOfChange());
        assertEquals(Severity.CRITICAL, level.severityOf(AlarmKind.LOW));
        assertEquals(Severity.MAJOR, level.severityOf(AlarmKind.STUCK));
        assertEquals(Severity.CRITICAL, level.severityOf(AlarmKind.HIGH_HIGH), "default");

        for (String pump : List.of("pump1_current", "pump2_current", "pump3_current")) {
            ChannelSpec current = p.channel(pump).orElseThrow();
            assertEquals(Duration.ofSeconds(10), current.reporting().window(), pump);
            assertNull(current.reporting().heartbeat(), pump);
            assertEquals(46.0, current.alarms().high(), pump);
        }

        assertEquals(List.of("standby_pump_on_high_level", "standby_pump_off_at_normal_level",
                "all_pumps_off_below_dry_run"), p.rules().stream().map(ControlRule::name).toList());
        ControlRule standby = p.rules().get(0);
        assertEquals(ControlRule.Condition.ABOVE, standby.condition());
        assertEquals(List.of(new ControlRule.Action("pump3_run", true)), standby.actions());
        ControlRule dry = p.rules().get(2);
        assertEquals(ControlRule.Condition.BELOW, dry.condition());
        assertEquals(0.8, dry.threshold(), "the interlocks' dry-run limit");
        assertEquals(List.of(new ControlRule.Action("pump1_run", false), new ControlRule.Action("pump2_run", false),
                new ControlRule.Action("pump3_run", false)), dry.actions());
        for (Interlock interlock : p.interlocks()) {
            assertEquals(dry.threshold(), interlock.min());
        }
    }

    @Test
    void aRuleOnAMisspelledChannelRefusesThePumpStationProfile() throws Exception {
        String yaml = Files.readString(DIR.resolve("pump-station.yaml"))
                .replace("when: { channel: wet_well_level, above", "when: { channel: wet_wel_level, above");
        ProfileException e = org.junit.jupiter.api.Assertions.assertThrows(ProfileException.class,
                () -> ProfileLoader.parse("pump-station.yaml", new java.io.StringReader(yaml)));
        assertEquals(1, e.problems().size(), e.getMessage());
        String problem = e.problems().get(0).toString();
        assertTrue(problem.startsWith("pump-station.yaml:188:22: rules[0].when.channel: unknown channel "
                + "'wet_wel_level' (channels: wet_well_level, station_auto, pump1_running,"), problem);
    }

    @Test
    void lakeAlarmsHaveDelaysButKeepTheirReporting() throws Exception {
        DeviceProfile p = ProfileLoader.load(DIR.resolve("lake.yaml"));
        assertEquals("lake@1.1.0", p.ref());
        ChannelSpec level = p.channel("water_level").orElseThrow();
        assertEquals(Duration.ofMinutes(1), level.alarms().delayOn());
        assertEquals(0.01, level.reporting().deadband());
        assertEquals(Duration.ofMinutes(15), level.reporting().heartbeat());
        assertTrue(p.rules().isEmpty());
    }

    @Test
    void precisionsAreTheSensorsResolutionAsWritten() throws Exception {
        DeviceProfile lake = ProfileLoader.load(DIR.resolve("lake.yaml"));
        assertEquals(new java.math.BigDecimal("0.1"), lake.channel("conductivity").orElseThrow().precision(),
                "conductivity in uS/cm to 0.1, kept exactly as written");
    }

    @Test
    void lakeSondeUsesFloat32Cdab() throws Exception {
        DeviceProfile p = ProfileLoader.load(DIR.resolve("lake.yaml"));
        ModbusSource oxygen = (ModbusSource) p.channel("dissolved_oxygen").orElseThrow().source();
        assertEquals(DataType.FLOAT32, oxygen.type());
        assertEquals(Endian.BIG, oxygen.byteOrder());
        assertEquals(Endian.LITTLE, oxygen.wordOrder());
        assertEquals("mg/L", p.channel("dissolved_oxygen").orElseThrow().unit());
        assertEquals(1, ((ModbusSource) p.channel("calibration_due").orElseThrow().source()).bit());
    }

    @Test
    void wasteTruckMixesSerialNmeaGpioAndModbus() throws Exception {
        DeviceProfile p = ProfileLoader.load(DIR.resolve("waste-truck.yaml"));
        SerialLineSource weight = (SerialLineSource) p.channel("gross_weight").orElseThrow().source();
        assertNull(weight.request(), "streaming indicator");
        assertEquals(1, weight.group());
        assertTrue(java.util.regex.Pattern.compile(weight.pattern()).matcher("ST,GS,   4520 kg").matches());
        assertEquals(new NmeaSource("GGA", "fix_quality"), p.channel("fix_quality").orElseThrow().source());
        assertEquals(7, p.channelsOn(NmeaSource.class).size());
        assertEquals(1, p.channelsOn(GpioSource.class).size());
    }

    @Test
    void fishingBoatEngineUsesJ1939Resolutions() throws Exception {
        DeviceProfile p = ProfileLoader.load(DIR.resolve("fishing-boat.yaml"));
        ModbusSource coolant = (ModbusSource) p.channel("coolant_temperature").orElseThrow().source();
        assertEquals(-40, coolant.offset());
        assertEquals("1/min", p.channel("engine_speed").orElseThrow().unit());
        assertEquals(Boolean.TRUE, p.channel("sos").orElseThrow().alarms().state());
    }
}
