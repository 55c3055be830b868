package org.hanedge.gateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.StringReader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.gateway.api.profile.ValueKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One test per kind of validation problem, each asserting file, line and field. Profiles are written as text so
 * the expected line numbers can be read off: the header takes lines 1-4, the first channel starts on line 5.
 */
class ProfileValidationTest {
    private static final String FILE = "t.yaml";
    private static final String HEAD = """
            profile: t
            version: 1.0.0
            description: test device
            channels:
            """;
    private static final String OK_CHANNEL = """
              - name: ok
                unit: m
                source: { bus: modbus, table: holding, address: 500, type: uint16 }
            """;

    // ------------------------------------------------------------------------------------------ helpers

    static DeviceProfile parse(String yaml) throws ProfileException {
        return ProfileLoader.parse(FILE, new StringReader(yaml));
    }

    static List<ProfileProblem> problems(String fileName, String yaml) {
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.parse(fileName, new StringReader(yaml)));
        assertFalse(e.problems().isEmpty());
        assertEquals(e.problems().stream().map(ProfileProblem::toString).collect(Collectors.joining("\n")),
                e.getMessage());
        return e.problems();
    }

    static List<ProfileProblem> channelProblems(String channels) {
        return problems(FILE, HEAD + channels);
    }

    /** The single problem on {@code field}; asserts the file, the line and that the message contains {@code text}. */
    static ProfileProblem assertProblem(List<ProfileProblem> problems, int line, String field, String text) {
        List<ProfileProblem> matching = problems.stream().filter(p -> p.field().equals(field)).toList();
        if (matching.size() != 1) {
            fail("expected one problem on " + field + " but got:\n" + problems.stream().map(ProfileProblem::toString)
                    .collect(Collectors.joining("\n")));
        }
        ProfileProblem p = matching.get(0);
        assertEquals(FILE, p.file(), p.toString());
        assertEquals(line, p.line(), p.toString());
        assertTrue(p.column() >= 1, p.toString());
        assertTrue(p.message().contains(text), "message of " + p + " should contain: " + text);
        return p;
    }

    static void assertOnly(List<ProfileProblem> problems, int count) {
        assertEquals(count, problems.size(), problems.stream().map(ProfileProblem::toString)
                .collect(Collectors.joining("\n")));
    }

    // ------------------------------------------------------------------------------------------ structure

    @Test
    void unknownKeyNamesTheKeyAndTheAllowedOnes() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    colour: red
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """);
        ProfileProblem p = assertProblem(problems, 7, "channels[0].colour", "unknown key 'colour'");
        assertEquals(5, p.column());
        assertTrue(p.message().contains("allowed: name, description, unit, kind, source, poll"), p.message());
        assertOnly(problems, 1);
    }

    @Test
    void unknownKeyInSourceListsTheKeysOfThatBus() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, adress: 0, type: uint16 }
                """);
        assertProblem(problems, 7, "channels[0].source.adress",
                "unknown key 'adress' (allowed: bus, table, address, type, scale, offset, bit, byteOrder, wordOrder)");
        assertProblem(problems, 7, "channels[0].source.address", "missing required field 'address'");
        assertOnly(problems, 2);
    }

    @Test
    void unknownTopLevelKey() {
        List<ProfileProblem> problems = problems(FILE, "profil: t\n" + HEAD.substring(HEAD.indexOf('\n') + 1)
                + OK_CHANNEL);
        assertProblem(problems, 1, "profil", "unknown key 'profil' (allowed: profile, version, description, "
                + "defaults, channels, interlocks, rules)");
        assertProblem(problems, 1, "profile", "missing required field 'profile'");
    }

    @Test
    void missingRequiredFieldPointsAtTheEnclosingMapping() {
        List<ProfileProblem> problems = channelProblems(OK_CHANNEL + """
                  - name: no_source
                    unit: m
                """);
        ProfileProblem p = assertProblem(problems, 8, "channels[1].source", "missing required field 'source'");
        assertEquals(5, p.column());
        assertOnly(problems, 1);
    }

    @Test
    void missingChannelsAndEmptyChannels() {
        assertProblem(problems(FILE, "profile: t\nversion: 1.0.0\ndescription: x\n"), 1, "channels",
                "missing required field 'channels'");
        assertProblem(problems(FILE, "profile: t\nversion: 1.0.0\ndescription: x\nchannels: []\n"), 4, "channels",
                "at least one channel");
    }

    @Test
    void wrongScalarTypes() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: abc, type: uint16 }
                    deadband: [1]
                    onChange: maybe
                    alarms: { high: lots }
                """);
        assertProblem(problems, 7, "channels[0].source.address", "expected an integer, got 'abc'");
        assertProblem(problems, 8, "channels[0].deadband", "expected a number, got a list");
        assertProblem(problems, 9, "channels[0].onChange", "expected true or false, got 'maybe'");
        assertProblem(problems, 10, "channels[0].alarms.high", "expected a number, got 'lots'");
        assertOnly(problems, 4);
    }

    @Test
    void unknownEnumValueListsTheAllowedValuesWithLineAndColumn() {
        String line7 = "    source: { bus: modbus, table: holding, address: 0, type: float33 }";
        List<ProfileProblem> problems = channelProblems("  - name: a\n    unit: m\n" + line7 + "\n");
        ProfileProblem p = assertProblem(problems, 7, "channels[0].source.type", "unknown data type 'float33'");
        assertEquals(line7.indexOf("float33") + 1, p.column());
        assertEquals("t.yaml:7:" + p.column() + ": channels[0].source.type: unknown data type 'float33' "
                + "(expected one of bool, int16, uint16, int32, uint32, float32, int64, float64)", p.toString());
    }

    @Test
    void unknownTableBusModeAndKind() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holdings, address: 0, type: uint16 }
                  - name: b
                    source: { bus: canbus }
                  - name: c
                    source: { bus: gpio, pin: 5, mode: pwm }
                  - name: d
                    kind: string
                    source: { bus: ascii, pattern: '(x)' }
                """);
        assertProblem(problems, 7, "channels[0].source.table",
                "unknown Modbus table 'holdings' (expected one of coil, discrete, holding, input)");
        assertProblem(problems, 9, "channels[1].source.bus",
                "unknown bus 'canbus' (expected one of modbus, nmea, ascii, gpio)");
        assertProblem(problems, 11, "channels[2].source.mode",
                "unknown GPIO mode 'pwm' (expected one of input, counter, output)");
        assertProblem(problems, 13, "channels[3].kind", "unknown value kind 'string' (expected one of number, "
                + "boolean, text)");
    }

    @Test
    void duplicateChannelNames() {
        List<ProfileProblem> problems = channelProblems(OK_CHANNEL + """
                  - name: ok
                    unit: m
                    source: { bus: modbus, table: holding, address: 501, type: uint16 }
                """);
        assertProblem(problems, 8, "channels[1].name", "duplicate channel name 'ok' (first used at line 5)");
        assertOnly(problems, 1);
    }

    @Test
    void channelNameMustBeLowerSnakeCase() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: WetWell-Level
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """);
        assertProblem(problems, 5, "channels[0].name", "lower_snake_case");
    }

    @Test
    void duplicateYamlKey() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    unit: Cel
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """);
        assertProblem(problems, 7, "channels[0].unit", "duplicate key 'unit' (first at line 6)");
    }

    // ------------------------------------------------------------------------------------------ header

    @Test
    void profileIdMustEqualTheFileName() {
        List<ProfileProblem> problems = problems("lake.yaml", HEAD + OK_CHANNEL);
        ProfileProblem p = problems.get(0);
        assertEquals("lake.yaml", p.file());
        assertEquals(1, p.line());
        assertEquals("profile", p.field());
        assertTrue(p.message().contains("must equal the file name without .yaml ('lake')"), p.message());
        assertOnly(problems, 1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0", "1", "v1.0.0", "1.0.0.0", "01.0.0", "1.0.0-"})
    void versionMustBeSemver(String version) {
        List<ProfileProblem> problems = problems(FILE, HEAD.replace("1.0.0", version) + OK_CHANNEL);
        assertProblem(problems, 2, "version", "is not a semantic version");
    }

    @ParameterizedTest
    @ValueSource(strings = {"1.0.0", "2.10.3", "1.0.0-rc.1", "1.0.0+build.5"})
    void semverVersionsAreAccepted(String version) throws Exception {
        assertEquals(version, parse(HEAD.replace("1.0.0", version) + OK_CHANNEL).version());
    }

    // ------------------------------------------------------------------------------------------ durations

    @Test
    void durations() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                    poll: 500ms
                    heartbeat: 1d
                  - name: b
                    unit: m
                    source: { bus: modbus, table: holding, address: 1, type: uint16 }
                    poll: 2m
                    heartbeat: 1h
                """);
        assertEquals(Duration.ofMillis(500), p.channels().get(0).poll());
        assertEquals(Duration.ofDays(1), p.channels().get(0).reporting().heartbeat());
        assertEquals(Duration.ofMinutes(2), p.channels().get(1).poll());
        assertEquals(Duration.ofHours(1), p.channels().get(1).reporting().heartbeat());
    }

    @Test
    void badDurations() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                    poll: 5 sec
                    heartbeat: 0s
                """);
        assertProblem(problems, 8, "channels[0].poll", "expected a duration such as 500ms, 5s, 2m, 1h or 1d, got "
                + "'5 sec'");
        assertProblem(problems, 9, "channels[0].heartbeat", "must be greater than zero");
    }

    // ------------------------------------------------------------------------------------------ modbus

    @Test
    void modbusAddressRange() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 70000, type: uint16 }
                  - name: b
                    unit: m
                    source: { bus: modbus, table: input, address: 65533, type: float64 }
                  - name: c
                    unit: m
                    source: { bus: modbus, table: input, address: 65535, type: uint16 }
                """);
        assertProblem(problems, 7, "channels[0].source.address", "must be between 0 and 65535, got 70000");
        assertProblem(problems, 10, "channels[1].source.address",
                "float64 at address 65533 needs 4 registers and runs past the last address 65535");
        assertOnly(problems, 2);
    }

    @Test
    void impossibleModbusTypes() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: coil, address: 0, type: uint16 }
                  - name: b
                    source: { bus: modbus, table: holding, address: 1, type: bool }
                  - name: c
                    unit: m
                    source: { bus: modbus, table: holding, address: 2, type: int16, bit: 3 }
                  - name: d
                    source: { bus: modbus, table: input, address: 3, type: bool, bit: 16 }
                  - name: e
                    source: { bus: modbus, table: discrete, address: 4, type: bool, bit: 0 }
                """);
        assertProblem(problems, 7, "channels[0].source.type",
                "a coil table holds single bits: type must be bool, got uint16");
        assertProblem(problems, 9, "channels[1].source.bit", "a bool in holding registers needs bit: 0-15");
        assertProblem(problems, 12, "channels[2].source.bit", "bit applies only to type bool, not int16");
        assertProblem(problems, 14, "channels[3].source.bit", "must be between 0 and 15, got 16");
        assertProblem(problems, 16, "channels[4].source.bit",
                "bit applies only to bool values in holding or input registers");
        assertOnly(problems, 5);
    }

    @Test
    void overlappingRegistersInTheSameTable() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 10, type: uint32 }
                  - name: b
                    unit: m
                    source: { bus: modbus, table: holding, address: 11, type: uint16 }
                  - name: c
                    unit: m
                    source: { bus: modbus, table: input, address: 11, type: uint16 }
                  - name: d
                    source: { bus: modbus, table: coil, address: 11, type: bool }
                """);
        assertProblem(problems, 10, "channels[1].source.address",
                "holding 11 overlaps channel 'a' (holding 10..11)");
        assertOnly(problems, 1);
    }

    @Test
    void bitsOverlapOnlyWhenTheyAreTheSameBit() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    source: { bus: modbus, table: holding, address: 20, type: bool, bit: 0 }
                  - name: b
                    source: { bus: modbus, table: holding, address: 20, type: bool, bit: 1 }
                  - name: c
                    source: { bus: modbus, table: holding, address: 20, type: bool, bit: 0 }
                  - name: d
                    unit: m
                    source: { bus: modbus, table: holding, address: 19, type: int32 }
                """);
        assertProblem(problems, 10, "channels[2].source.address",
                "holding 20 bit 0 overlaps channel 'a' (holding 20 bit 0)");
        assertProblem(problems, 13, "channels[3].source.address", "holding 19..20 overlaps channel 'a'");
        assertOnly(problems, 2);
    }

    @Test
    void differentBitsOfOneRegisterAreFine() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: a
                    source: { bus: modbus, table: input, address: 7, type: bool, bit: 2 }
                  - name: b
                    source: { bus: modbus, table: input, address: 7, type: bool, bit: 4 }
                """);
        assertEquals(4, ((ModbusSource) p.channels().get(1).source()).bit());
        assertEquals(ValueKind.BOOLEAN, p.channels().get(0).kind());
    }

    @Test
    void scaleMustNotBeZeroAndScaleIsOnlyForNumbers() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16, scale: 0 }
                  - name: b
                    source: { bus: modbus, table: coil, address: 0, type: bool, scale: 2 }
                """);
        assertProblem(problems, 7, "channels[0].source.scale", "scale must not be zero");
        assertProblem(problems, 9, "channels[1].source.scale", "scale applies only to numeric types");
        assertOnly(problems, 2);
    }

    @Test
    void modbusDefaultsAndOverrides() throws Exception {
        DeviceProfile p = parse("""
                profile: t
                version: 1.0.0
                description: test device
                defaults: { poll: 1s, byteOrder: little, wordOrder: little, heartbeat: 10m }
                channels:
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: float32 }
                  - name: b
                    unit: m
                    source: { bus: modbus, table: holding, address: 2, type: float32, wordOrder: big, scale: 2, offset: -1 }
                    poll: 3s
                """);
        ChannelSpec a = p.channels().get(0);
        ModbusSource sa = (ModbusSource) a.source();
        assertEquals(Duration.ofSeconds(1), a.poll());
        assertEquals(Duration.ofMinutes(10), a.reporting().heartbeat());
        assertEquals(Endian.LITTLE, sa.byteOrder());
        assertEquals(Endian.LITTLE, sa.wordOrder());
        assertEquals(1.0, sa.scale());
        assertEquals(0.0, sa.offset());
        assertEquals(-1, sa.bit());
        assertEquals(0.0, a.reporting().deadband());
        assertFalse(a.reporting().onChange());
        ModbusSource sb = (ModbusSource) p.channels().get(1).source();
        assertEquals(Endian.BIG, sb.wordOrder());
        assertEquals(Endian.LITTLE, sb.byteOrder());
        assertEquals(2.0, sb.scale());
        assertEquals(-1.0, sb.offset());
        assertEquals(Duration.ofSeconds(3), p.channels().get(1).poll());
    }

    @Test
    void hexAddressesAreAccepted() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0x10, type: uint16 }
                """);
        assertEquals(16, ((ModbusSource) p.channels().get(0).source()).address());
    }

    // ------------------------------------------------------------------------------------------ units, kinds

    @Test
    void numericChannelsNeedAUnit() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """);
        assertProblem(problems, 5, "channels[0].unit", "numeric channel 'a' needs a unit");
    }

    @Test
    void unitMustBeKnownWithAHint() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: rpm
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                  - name: b
                    unit: furlong
                    source: { bus: modbus, table: holding, address: 1, type: uint16 }
                """);
        assertProblem(problems, 6, "channels[0].unit", "unknown unit 'rpm'");
        assertProblem(problems, 6, "channels[0].unit", "did you mean '1/min'?");
        assertProblem(problems, 9, "channels[1].unit", "unknown unit 'furlong'");
    }

    @Test
    void booleanChannelsTakeNoUnit() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: /
                    source: { bus: modbus, table: coil, address: 0, type: bool }
                """);
        assertProblem(problems, 6, "channels[0].unit", "unit applies only to numeric channels; this channel is "
                + "boolean");
    }

    @Test
    void kindOverrideOnAsciiAndRefusedWhereImpossible() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: firmware
                    kind: text
                    source: { bus: ascii, request: "V\\r\\n", pattern: '^VER (.+)$' }
                  - name: weight
                    unit: kg
                    source: { bus: ascii, pattern: '^(\\d+) kg$', scale: 0.5 }
                """);
        assertEquals(ValueKind.TEXT, p.channels().get(0).kind());
        assertNull(p.channels().get(0).unit());
        assertEquals(new SerialLineSource("V\r\n", "^VER (.+)$", 1, 1), p.channels().get(0).source());
        assertEquals(ValueKind.NUMBER, p.channels().get(1).kind());
        assertEquals(0.5, ((SerialLineSource) p.channels().get(1).source()).scale());

        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    kind: text
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """);
        assertProblem(problems, 6, "channels[0].kind", "kind text is not possible for a modbus uint16 source "
                + "(possible: number)");
    }

    @Test
    void asciiRequestEscapesAreResolvedOutsideDoubleQuotes() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: a
                    unit: kg
                    source: { bus: ascii, request: 'P\\r\\n', pattern: '(\\d+)' }
                """);
        assertEquals("P\r\n", ((SerialLineSource) p.channels().get(0).source()).request());
    }

    @Test
    void asciiPatternAndGroupAreChecked() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: kg
                    source: { bus: ascii, pattern: '^ST,([0-9+' }
                  - name: b
                    unit: kg
                    source: { bus: ascii, pattern: '^ST,(\\d+)$', group: 2 }
                """);
        assertProblem(problems, 7, "channels[0].source.pattern", "not a valid regular expression");
        assertProblem(problems, 10, "channels[1].source.group", "the pattern has 1 capture group(s)");
    }

    @Test
    void nmeaSentencesFieldsAndUnits() throws Exception {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: lat
                    source: { bus: nmea, sentence: GPGGA, field: latitude }
                  - name: b
                    unit: m
                    source: { bus: nmea, sentence: GGA, field: lattitude }
                  - name: c
                    unit: m
                    source: { bus: nmea, sentence: GGA, field: latitude }
                """);
        assertProblem(problems, 7, "channels[0].source.sentence", "without the talker id: GGA");
        assertProblem(problems, 10, "channels[1].source.field", "unknown GGA field 'lattitude'");
        assertProblem(problems, 12, "channels[2].unit", "unit 'm' does not fit nmea GGA latitude (expected lat)");
        assertOnly(problems, 3);

        DeviceProfile p = parse(HEAD + """
                  - name: speed
                    unit: '[kn_i]'
                    source: { bus: nmea, sentence: RMC, field: speed }
                  - name: fix
                    unit: /
                    source: { bus: nmea, sentence: GGA, field: fix_quality }
                  - name: valid
                    source: { bus: nmea, sentence: RMC, field: status }
                """);
        assertEquals(ValueKind.NUMBER, p.channels().get(1).kind());
        assertEquals(ValueKind.BOOLEAN, p.channels().get(2).kind());
    }

    // ------------------------------------------------------------------------------------------ gpio

    @Test
    void gpioPinsCountersAndRanges() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: mm/h
                    source: { bus: gpio, pin: 17, mode: counter }
                  - name: b
                    source: { bus: gpio, pin: 17, mode: input }
                  - name: c
                    source: { bus: gpio, pin: 40, mode: input, perPulse: 1 }
                """);
        assertProblem(problems, 7, "channels[0].source.perPulse", "a counter needs perPulse");
        assertProblem(problems, 9, "channels[1].source.pin", "GPIO pin 17 is already used by channel 'a'");
        assertProblem(problems, 11, "channels[2].source.pin", "must be between 0 and 27, got 40");
        assertProblem(problems, 11, "channels[2].source.perPulse", "perPulse applies only to mode counter");
    }

    // ------------------------------------------------------------------------------------------ alarms, lwm2m

    @Test
    void alarmLimitsMustBeOrdered() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                    alarms:
                      lowLow: 1
                      low: 2
                      high: 2
                      highHigh: 5
                      hysteresis: -0.5
                """);
        assertProblem(problems, 11, "channels[0].alarms.high", "high (2) must be greater than low (2)");
        assertProblem(problems, 13, "channels[0].alarms.hysteresis", "hysteresis must be >= 0, got -0.5");
        assertOnly(problems, 2);
    }

    @Test
    void stateOnlyOnBooleanChannelsAndLimitsOnlyOnNumeric() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                    alarms: { high: 3, state: true }
                  - name: b
                    source: { bus: gpio, pin: 4, mode: input }
                    alarms: { high: 1 }
                """);
        assertProblem(problems, 8, "channels[0].alarms.state", "state applies only to boolean channels");
        assertProblem(problems, 11, "channels[1].alarms.high", "high applies only to numeric channels; use state");
        assertOnly(problems, 2);
    }

    @Test
    void lwm2mIdsAreNonNegativeAndUnique() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                    lwm2m: { object: -3303, instance: 0, resource: 5700 }
                  - name: b
                    unit: m
                    source: { bus: modbus, table: holding, address: 1, type: uint16 }
                    lwm2m: { object: 3330, instance: 0, resource: 5700 }
                  - name: c
                    unit: m
                    source: { bus: modbus, table: holding, address: 2, type: uint16 }
                    lwm2m: { object: 3330, instance: 0, resource: 5700 }
                """);
        assertProblem(problems, 8, "channels[0].lwm2m.object", "must be between 0 and 65535, got -3303");
        assertProblem(problems, 16, "channels[2].lwm2m", "LwM2M resource 3330/0/5700 is already used by channel "
                + "'b'");
        assertOnly(problems, 2);
    }

    @Test
    void deadbandAndOnChangeRules() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16 }
                    deadband: 0.5
                    onChange: true
                  - name: b
                    source: { bus: modbus, table: coil, address: 0, type: bool }
                    deadband: 1
                  - name: c
                    unit: m
                    source: { bus: modbus, table: holding, address: 1, type: uint16 }
                    deadband: -1
                """);
        assertProblem(problems, 9, "channels[0].onChange", "use either deadband or onChange, not both");
        assertProblem(problems, 12, "channels[1].deadband", "deadband applies only to numeric channels");
        assertProblem(problems, 16, "channels[2].deadband", "deadband must be >= 0");
    }

    // ------------------------------------------------------------------------------------------ YAML level

    @Test
    void malformedYamlReportsTheParserLine() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                     source: { bus: modbus, table: holding, address: 0, type: uint16 }
                """);
        assertOnly(problems, 1);
        ProfileProblem p = problems.get(0);
        assertEquals(FILE, p.file());
        assertEquals(7, p.line(), p.toString());
        assertTrue(p.message().startsWith("malformed YAML: "), p.message());
    }

    @Test
    void unclosedFlowMappingIsMalformed() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: a
                    unit: m
                    source: { bus: modbus, table: holding
                """);
        assertOnly(problems, 1);
        assertTrue(problems.get(0).line() >= 7, problems.get(0).toString());
        assertTrue(problems.get(0).message().startsWith("malformed YAML"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   \n", "- a\n- b\n", "just text", "profile: t\n---\nprofile: u\n",
            "profile: &a [*a]\n", "channels: !!binary AAAA\n", "{", "a: b: c", "\t- x", "profile: !foo bar\n",
            "<<: 5\n", "? [a, b]\n: c\n", "channels:\n  - source: {bus: modbus, table: [1], address: {}, type: -}\n"})
    void oddInputNeverEscapesAsARawException(String yaml) {
        List<ProfileProblem> problems = problems(FILE, yaml);
        problems.forEach(p -> assertEquals(FILE, p.file()));
    }

    @Test
    void mergeKeysShareCommonSettings() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: a
                    unit: A
                    source: &current { bus: modbus, table: input, address: 10, type: int16, scale: 0.1 }
                  - name: b
                    unit: A
                    source: { <<: *current, address: 11 }
                """);
        ModbusSource b = (ModbusSource) p.channels().get(1).source();
        assertEquals(11, b.address());
        assertEquals(0.1, b.scale());
    }

    @Test
    void severalProblemsAreReportedTogetherInFileOrder() {
        ProfileException e = assertThrows(ProfileException.class, () -> ProfileLoader.parse("lake.yaml",
                new StringReader("""
                        profile: lake
                        version: one
                        description: test
                        channels:
                          - name: a
                            unit: m
                            source: { bus: modbus, table: holding, address: 0, type: float33 }
                          - name: a
                            unit: parsec
                            source: { bus: modbus, table: holding, address: 0, type: uint16, scale: 0 }
                            alarms: { low: 5, high: 1 }
                        """)));
        List<ProfileProblem> problems = e.problems();
        assertEquals(List.of(2, 7, 8, 9, 10, 11), problems.stream().map(ProfileProblem::line).toList(),
                e.getMessage());
        assertEquals(List.of("version", "channels[0].source.type", "channels[1].name", "channels[1].unit",
                "channels[1].source.scale", "channels[1].alarms.high"),
                problems.stream().map(ProfileProblem::field).toList());
        String[] lines = e.getMessage().split("\n");
        assertEquals(6, lines.length);
        assertTrue(lines[1].startsWith("lake.yaml:7:"), lines[1]);
    }

    @Test
    void loadReportsAnUnreadableFile() {
        ProfileException e = assertThrows(ProfileException.class,
                () -> ProfileLoader.load(Path.of("target/does-not-exist.yaml")));
        ProfileProblem p = e.problems().get(0);
        assertEquals("does-not-exist.yaml", p.file());
        assertEquals(0, p.line());
        assertTrue(p.message().startsWith("cannot read file"), p.message());
    }

    @Test
    void theDocumentedExampleParses() throws Exception {
        DeviceProfile p = ProfileLoader.parse("pump-station.yaml", new StringReader("""
                profile: pump-station          # id == file name
                version: 1.0.0
                description: "Drainage pump station: 3 submersible pumps, ultrasonic wet-well level, magnetic flow meter"
                defaults:                      # optional; apply to channels that omit them
                  poll: 5s
                  byteOrder: big               # big|little (bytes within a register)
                  wordOrder: big               # big|little (register order of 32/64-bit values)
                channels:
                  - name: wet_well_level       # lower_snake_case, unique
                    description: Wet-well level above sump floor
                    unit: m
                    source: { bus: modbus, table: holding, address: 0, type: uint16, scale: 0.01, offset: 0 }
                    poll: 2s
                    deadband: 0.02             # or onChange: true
                    heartbeat: 5m
                    alarms: { low: 0.5, high: 3.5, highHigh: 4.2, hysteresis: 0.05, delayOn: 5s, delayOff: 30s, stuck: 30m }
                    lwm2m: { object: 3330, instance: 0, resource: 5700 }
                  - name: pump1_current
                    unit: A
                    source: { bus: modbus, table: input, address: 10, type: int16, scale: 0.1 }
                    poll: 1s
                    window: 10s                # report avg (+ pump1_current_min, _max) every 10 s instead of a deadband
                    alarms: { high: 46, highHigh: 50, hysteresis: 1, severity: { high: warning } }
                  - name: pump1_running
                    source: { bus: modbus, table: discrete, address: 0, type: bool }
                    onChange: true
                  - name: position_lat
                    unit: lat
                    source: { bus: nmea, sentence: GGA, field: latitude }
                  - name: gross_weight
                    unit: kg
                    source: { bus: ascii, pattern: '^ST,GS,\\s*([-+]?\\d+(\\.\\d+)?)\\s*kg$', group: 1 }
                  - name: rain_rate
                    unit: mm/h
                    source: { bus: gpio, pin: 17, mode: counter, perPulse: 0.2, debounce: 20ms, activeLow: true }
                  - name: sos
                    source: { bus: gpio, pin: 27, mode: input, debounce: 50ms, activeLow: true }
                    alarms: { state: true }
                  - name: pump1_run
                    source: { bus: gpio, pin: 22, mode: output }
                interlocks:
                  - { output: pump1_run, channel: wet_well_level, min: 0.8, reason: dry-run protection }
                rules:
                  - name: pump1_off_below_dry_run
                    when: { channel: wet_well_level, below: 0.8 }
                    then: { set: pump1_run, value: false }
                    reason: dry-run protection
                """));
        assertEquals(8, p.channels().size());
        assertEquals(1, p.rules().size());
        assertEquals("pump-station@1.0.0", p.ref());
    }

    // ------------------------------------------------------------------------------------------ precision

    @Test
    void precisionIsKeptExactlyAsWritten() throws Exception {
        DeviceProfile p = parse(HEAD + """
                  - name: level
                    unit: m
                    precision: 0.01
                    source: { bus: modbus, table: holding, address: 501, type: uint16 }
                """ + OK_CHANNEL);
        assertEquals(new java.math.BigDecimal("0.01"), p.channel("level").orElseThrow().precision());
        assertNull(p.channel("ok").orElseThrow().precision(), "not declared: none");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0.1"})
    void precisionMustBePositive(String value) {
        List<ProfileProblem> problems = channelProblems("""
                  - name: level
                    unit: m
                    precision: %s
                    source: { bus: modbus, table: holding, address: 500, type: uint16 }
                """.formatted(value));
        assertProblem(problems, 7, "channels[0].precision", "precision must be > 0");
        assertOnly(problems, 1);
    }

    @Test
    void precisionMustBeANumber() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: level
                    unit: m
                    precision: fine
                    source: { bus: modbus, table: holding, address: 500, type: uint16 }
                """);
        assertProblem(problems, 7, "channels[0].precision", "expected a number, got 'fine'");
        assertOnly(problems, 1);
    }

    @Test
    void precisionOnlyOnNumericChannels() {
        List<ProfileProblem> problems = channelProblems("""
                  - name: running
                    precision: 1
                    source: { bus: modbus, table: coil, address: 1, type: bool }
                """);
        assertProblem(problems, 6, "channels[0].precision", "precision applies only to numeric channels");
        assertOnly(problems, 1);
    }
}
