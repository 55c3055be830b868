package org.hanedge.gateway.profile;

import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DataType;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.Endian;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.Lwm2mMapping;
import org.hanedge.gateway.api.profile.ModbusSource;
import org.hanedge.gateway.api.profile.NmeaSource;
import org.hanedge.gateway.api.profile.RegisterTable;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.SerialLineSource;
import org.hanedge.gateway.api.profile.Source;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Walks the YAML node tree of one profile file, collecting every problem with its position. One instance per file.
 */
final class ProfileParser {
    static final Duration DEFAULT_POLL = Duration.ofSeconds(5);
    static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(10);
    static final int MAX_GPIO_PIN = 27;

    private static final Pattern CHANNEL_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final Pattern PROFILE_ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern SEMVER = Pattern.compile(
            "(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)"
                    + "(-(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*)(\\.(0|[1-9]\\d*|\\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?"
                    + "(\\+[0-9a-zA-Z-]+(\\.[0-9a-zA-Z-]+)*)?");
    private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m|h|d)");
    private static final Pattern INTEGER = Pattern.compile("[-+]?(\\d+|0x[0-9a-fA-F]+)");
    private static final Pattern NUMBER = Pattern.compile("[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?");

    private static final List<String> TOP_KEYS = List.of("profile", "version", "description", "defaults", "channels");
    private static final List<String> DEFAULTS_KEYS = List.of("poll", "heartbeat", "byteOrder", "wordOrder");
    private static final List<String> CHANNEL_KEYS = List.of("name", "description", "unit", "kind", "source", "poll",
            "deadband", "onChange", "heartbeat", "alarms", "lwm2m");
    private static final List<String> ALARM_KEYS = List.of("lowLow", "low", "high", "highHigh", "hysteresis", "state");
    private static final List<String> LIMIT_KEYS = List.of("lowLow", "low", "high", "highHigh");
    private static final List<String> LWM2M_KEYS = List.of("object", "instance", "resource");
    private static final Map<String, List<String>> SOURCE_KEYS = Map.of(
            "modbus", List.of("bus", "table", "address", "type", "scale", "offset", "bit", "byteOrder", "wordOrder"),
            "nmea", List.of("bus", "sentence", "field"),
            "ascii", List.of("bus", "request", "pattern", "group", "scale"),
            "gpio", List.of("bus", "pin", "mode", "debounce", "activeLow", "perPulse"));
    private static final List<String> BUSES = List.of("modbus", "nmea", "ascii", "gpio");

    private static final Map<String, RegisterTable> TABLES = linked(
            "coil", RegisterTable.COIL, "discrete", RegisterTable.DISCRETE_INPUT,
            "holding", RegisterTable.HOLDING_REGISTER, "input", RegisterTable.INPUT_REGISTER);
    private static final Map<String, DataType> TYPES = lowerNames(DataType.values());
    private static final Map<String, Endian> ENDIANS = lowerNames(Endian.values());
    private static final Map<String, GpioMode> GPIO_MODES = lowerNames(GpioMode.values());
    private static final Map<String, ValueKind> KINDS = lowerNames(ValueKind.values());

    /** What an NMEA field carries and which units may be declared for it (the driver converts to that unit). */
    record NmeaField(ValueKind kind, List<String> units) {
    }

    private static final List<String> VELOCITY = List.of("m/s", "km/h", "[kn_i]");
    private static final List<String> ANGLE = List.of("deg");
    private static final List<String> RATIO = List.of("/");
    private static final NmeaField LAT = new NmeaField(ValueKind.NUMBER, List.of("lat"));
    private static final NmeaField LON = new NmeaField(ValueKind.NUMBER, List.of("lon"));
    private static final NmeaField TEXT = new NmeaField(ValueKind.TEXT, List.of());
    private static final NmeaField FLAG = new NmeaField(ValueKind.BOOLEAN, List.of());
    private static final NmeaField SPEED = new NmeaField(ValueKind.NUMBER, VELOCITY);
    private static final NmeaField HEADING = new NmeaField(ValueKind.NUMBER, ANGLE);
    private static final NmeaField CODE = new NmeaField(ValueKind.NUMBER, RATIO);
    private static final NmeaField METRES = new NmeaField(ValueKind.NUMBER, List.of("m"));

    static final Map<String, Map<String, NmeaField>> NMEA = linked(
            "GGA", linked("time", TEXT, "latitude", LAT, "longitude", LON, "fix_quality", CODE,
                    "satellites", new NmeaField(ValueKind.NUMBER, List.of("count")), "hdop", CODE,
                    "altitude", METRES, "geoid_separation", METRES),
            "RMC", linked("time", TEXT, "status", FLAG, "latitude", LAT, "longitude", LON, "speed", SPEED,
                    "course", HEADING, "date", TEXT, "magnetic_variation", HEADING),
            "VTG", linked("course", HEADING, "course_magnetic", HEADING, "speed", SPEED),
            "GSA", linked("fix_type", CODE, "pdop", CODE, "hdop", CODE, "vdop", CODE),
            "GLL", linked("latitude", LAT, "longitude", LON, "time", TEXT, "status", FLAG),
            "HDT", linked("heading", HEADING));

    private final String file;
    private final String expectedId;
    private final List<ProfileProblem> problems = new ArrayList<>();

    ProfileParser(String file) {
        this.file = file == null ? "(unnamed)" : file;
        this.expectedId = this.file.endsWith(".yaml")
                ? this.file.substring(0, this.file.length() - ".yaml".length())
                : this.file;
    }

    DeviceProfile parse(Reader reader) throws ProfileException {
        Node root = compose(reader);
        DeviceProfile profile = null;
        if (root != null) {
            try {
                profile = profile(root);
            } catch (RuntimeException e) {
                // A bug in validation must still surface as a ProfileException, never as a raw exception.
                problems.add(new ProfileProblem(file, 0, 0, "", "internal error while validating: " + e));
            }
        }
        if (!problems.isEmpty() || profile == null) {
            if (problems.isEmpty()) {
                problems.add(new ProfileProblem(file, 1, 1, "", "profile could not be read"));
            }
            List<ProfileProblem> sorted = new ArrayList<>(problems);
            sorted.sort(Comparator.comparingInt(ProfileProblem::line).thenComparingInt(ProfileProblem::column));
            throw new ProfileException(sorted);
        }
        return profile;
    }

    private Node compose(Reader reader) {
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            options.setCodePointLimit(4 * 1024 * 1024);
            Node root = new Yaml(options).compose(reader);
            if (root == null) {
                problems.add(new ProfileProblem(file, 1, 1, "",
                        "file is empty: expected a mapping with profile, version, description and channels"));
            }
            return root;
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = e.getProblem() != null ? e.getProblem() : e.getMessage();
            if (e.getContext() != null) {
                what = e.getContext() + ": " + what;
            }
            problems.add(new ProfileProblem(file, mark == null ? 0 : mark.getLine() + 1,
                    mark == null ? 0 : mark.getColumn() + 1, "", "malformed YAML: " + oneLine(what)));
        } catch (RuntimeException e) {
            problems.add(new ProfileProblem(file, 0, 0, "", "malformed YAML: " + oneLine(String.valueOf(e.getMessage()))));
        }
        return null;
    }

    // ------------------------------------------------------------------------------------------------ profile

    private record Defaults(Duration poll, Duration heartbeat, Endian byteOrder, Endian wordOrder) {
    }

    private DeviceProfile profile(Node root) {
        Obj top = obj(root, "");
        if (top == null) {
            return null;
        }
        top.allowOnly(TOP_KEYS);
        String id = string(top, "profile", true);
        if (id != null) {
            if (!PROFILE_ID.matcher(id).matches()) {
                problem(top.value("profile"), "profile",
                        "profile id '" + id + "' must be lower-case words joined by '-' (for example pump-station)");
            } else if (!id.equals(expectedId)) {
                problem(top.value("profile"), "profile", "profile id '" + id
                        + "' must equal the file name without .yaml ('" + expectedId + "')");
            }
        }
        String version = string(top, "version", true);
        if (version != null && !SEMVER.matcher(version).matches()) {
            problem(top.value("version"), "version", "version '" + version
                    + "' is not a semantic version (MAJOR.MINOR.PATCH, for example 1.0.0; quote it if YAML reads a number)");
        }
        String description = string(top, "description", true);

        Defaults defaults = new Defaults(DEFAULT_POLL, null, Endian.BIG, Endian.BIG);
        if (top.has("defaults")) {
            Obj d = obj(top.value("defaults"), "defaults");
            if (d != null) {
                d.allowOnly(DEFAULTS_KEYS);
                defaults = new Defaults(
                        orElse(duration(d, "poll", false, Duration.ofMillis(1)), DEFAULT_POLL),
                        duration(d, "heartbeat", false, Duration.ofMillis(1)),
                        orElse(choice(d, "byteOrder", false, ENDIANS, "byte order"), Endian.BIG),
                        orElse(choice(d, "wordOrder", false, ENDIANS, "word order"), Endian.BIG));
            }
        }

        List<ChannelSpec> channels = new ArrayList<>();
        if (!top.has("channels")) {
            top.missing("channels");
        } else {
            Node list = top.value("channels");
            if (!(list instanceof SequenceNode seq)) {
                problem(list, "channels", "expected a list of channels, got " + describe(list));
            } else if (seq.getValue().isEmpty()) {
                problem(list, "channels", "a profile needs at least one channel");
            } else {
                Checks checks = new Checks();
                for (int i = 0; i < seq.getValue().size(); i++) {
                    ChannelSpec channel = channel(seq.getValue().get(i), "channels[" + i + "]", defaults, checks);
                    if (channel != null) {
                        channels.add(channel);
                    }
                }
                checks.modbusOverlaps();
            }
        }
        if (!problems.isEmpty()) {
            return null;
        }
        return new DeviceProfile(id, version, description, channels);
    }

    // ------------------------------------------------------------------------------------------------ channel

    /** Cross-channel checks: unique names, GPIO pins, LwM2M resources; non-overlapping Modbus items. */
    private final class Checks {
        final Map<String, Node> names = new HashMap<>();
        final Map<Integer, String> pins = new HashMap<>();
        final Map<String, String> lwm2m = new HashMap<>();
        final List<ModbusUse> modbus = new ArrayList<>();

        void modbusOverlaps() {
            for (int i = 0; i < modbus.size(); i++) {
                ModbusUse b = modbus.get(i);
                for (int j = 0; j < i; j++) {
                    ModbusUse a = modbus.get(j);
                    if (a.table == b.table && a.start <= b.end && b.start <= a.end
                            && (a.bit < 0 || b.bit < 0 || a.bit == b.bit)) {
                        problem(b.node, b.field, b.describe() + " overlaps channel '" + a.channel + "' ("
                                + a.describe() + ")");
                        break;
                    }
                }
            }
        }
    }

    private record ModbusUse(String channel, RegisterTable table, int start, int end, int bit, Node node,
            String field) {
        String describe() {
            String t = tableName(table);
            String where = start == end ? t + " " + start : t + " " + start + ".." + end;
            return bit >= 0 ? where + " bit " + bit : where;
        }
    }

    private ChannelSpec channel(Node node, String path, Defaults defaults, Checks checks) {
        Obj c = obj(node, path);
        if (c == null) {
            return null;
        }
        c.allowOnly(CHANNEL_KEYS);
        String name = string(c, "name", true);
        if (name != null) {
            if (!CHANNEL_NAME.matcher(name).matches() || name.length() > 64) {
                problem(c.value("name"), c.field("name"), "channel name '" + name
                        + "' must be lower_snake_case (a-z, 0-9 and '_', starting with a letter, at most 64 characters)");
            } else {
                Node first = checks.names.putIfAbsent(name, c.value("name"));
                if (first != null) {
                    problem(c.value("name"), c.field("name"), "duplicate channel name '" + name
                            + "' (first used at line " + (first.getStartMark().getLine() + 1) + ")");
                }
            }
        }
        String description = orElse(string(c, "description", false), "");
        ValueKind explicitKind = choice(c, "kind", false, KINDS, "value kind");

        SourceInfo src = null;
        if (!c.has("source")) {
            c.missing("source");
        } else {
            src = source(c.value("source"), c.field("source"), name, defaults, explicitKind, checks);
        }

        ValueKind kind = src == null ? explicitKind : src.natural;
        if (src != null && explicitKind != null) {
            if (!src.kinds.contains(explicitKind)) {
                problem(c.value("kind"), c.field("kind"), "kind " + lower(explicitKind) + " is not possible for "
                        + src.what + " (possible: " + src.kinds.stream().map(ProfileParser::lower)
                                .collect(Collectors.joining(", ")) + ")");
            } else {
                kind = explicitKind;
            }
        }

        String unit = string(c, "unit", false);
        if (kind == ValueKind.NUMBER) {
            if (unit == null) {
                if (!c.has("unit")) {
                    problem(c.node, c.field("unit"), "numeric channel '" + orElse(name, "?")
                            + "' needs a unit (a SenML/UCUM unit such as m, Cel, mg/L; see docs/profiles.md)");
                }
            } else if (!Units.isKnown(unit)) {
                String hint = Units.suggest(unit).map(u -> "; did you mean '" + u + "'?").orElse("");
                problem(c.value("unit"), c.field("unit"), "unknown unit '" + unit
                        + "' (not a SenML/UCUM unit HanEdge accepts; the list is in docs/profiles.md" + hint + ")");
            } else if (src != null && src.units != null && !src.units.contains(unit)) {
                problem(c.value("unit"), c.field("unit"), "unit '" + unit + "' does not fit " + src.what
                        + " (expected " + String.join(" or ", src.units) + ")");
            }
        } else if (kind != null && unit != null) {
            problem(c.value("unit"), c.field("unit"), "unit applies only to numeric channels; this channel is "
                    + lower(kind));
        }

        Duration poll = orElse(duration(c, "poll", false, Duration.ofMillis(1)), defaults.poll);
        Double deadband = number(c, "deadband", false);
        if (deadband != null && deadband < 0) {
            problem(c.value("deadband"), c.field("deadband"), "deadband must be >= 0, got " + fmt(deadband));
        }
        Boolean onChange = bool(c, "onChange", false);
        if (deadband != null && kind != null && kind != ValueKind.NUMBER) {
            problem(c.value("deadband"), c.field("deadband"),
                    "deadband applies only to numeric channels; use onChange: true");
        }
        if (deadband != null && deadband > 0 && Boolean.TRUE.equals(onChange)) {
            problem(c.value("onChange"), c.field("onChange"), "use either deadband or onChange, not both");
        }
        Duration heartbeat = duration(c, "heartbeat", false, Duration.ofMillis(1));
        if (heartbeat == null) {
            heartbeat = defaults.heartbeat;
        }
        Reporting reporting = new Reporting(deadband == null ? 0 : deadband, Boolean.TRUE.equals(onChange),
                heartbeat);

        AlarmLimits alarms = AlarmLimits.NONE;
        if (c.has("alarms")) {
            alarms = alarms(c.value("alarms"), c.field("alarms"), kind);
        }
        Lwm2mMapping lwm2m = null;
        if (c.has("lwm2m")) {
            lwm2m = lwm2m(c.value("lwm2m"), c.field("lwm2m"), name, checks);
        }
        if (name == null || src == null || src.source == null || kind == null) {
            return null;
        }
        return new ChannelSpec(name, description, kind == ValueKind.NUMBER ? unit : null, kind, src.source, poll,
                reporting, alarms == null ? AlarmLimits.NONE : alarms, lwm2m);
    }

    private AlarmLimits alarms(Node node, String path, ValueKind kind) {
        Obj a = obj(node, path);
        if (a == null) {
            return null;
        }
        a.allowOnly(ALARM_KEYS);
        Double[] limits = new Double[LIMIT_KEYS.size()];
        String previousKey = null;
        Double previous = null;
        for (int i = 0; i < limits.length; i++) {
            String key = LIMIT_KEYS.get(i);
            limits[i] = number(a, key, false);
            if (limits[i] == null) {
                continue;
            }
            if (kind != null && kind != ValueKind.NUMBER) {
                problem(a.value(key), a.field(key), key + " applies only to numeric channels"
                        + (kind == ValueKind.BOOLEAN ? "; use state: true|false" : ""));
            } else if (previous != null && !(previous < limits[i])) {
                problem(a.value(key), a.field(key), key + " (" + fmt(limits[i]) + ") must be greater than "
                        + previousKey + " (" + fmt(previous) + "): limits are ordered lowLow < low < high < highHigh");
            }
            previousKey = key;
            previous = limits[i];
        }
        Double hysteresis = number(a, "hysteresis", false);
        if (hysteresis != null) {
            if (hysteresis < 0) {
                problem(a.value("hysteresis"), a.field("hysteresis"), "hysteresis must be >= 0, got "
                        + fmt(hysteresis));
            } else if (kind != null && kind != ValueKind.NUMBER) {
                problem(a.value("hysteresis"), a.field("hysteresis"), "hysteresis applies only to numeric channels");
            }
        }
        Boolean state = bool(a, "state", false);
        if (state != null && kind != null && kind != ValueKind.BOOLEAN) {
            problem(a.value("state"), a.field("state"), "state applies only to boolean channels; this channel is "
                    + lower(kind));
        }
        return new AlarmLimits(limits[0], limits[1], limits[2], limits[3], hysteresis == null ? 0 : hysteresis,
                state);
    }

    private Lwm2mMapping lwm2m(Node node, String path, String channel, Checks checks) {
        Obj m = obj(node, path);
        if (m == null) {
            return null;
        }
        m.allowOnly(LWM2M_KEYS);
        Integer object = integer(m, "object", true, 0, 65535);
        Integer instance = integer(m, "instance", true, 0, 65535);
        Integer resource = integer(m, "resource", true, 0, 65535);
        if (object == null || instance == null || resource == null) {
            return null;
        }
        Lwm2mMapping mapping = new Lwm2mMapping(object, instance, resource);
        String first = checks.lwm2m.putIfAbsent(mapping.toString(), orElse(channel, "?"));
        if (first != null) {
            problem(node, path, "LwM2M resource " + mapping + " is already used by channel '" + first + "'");
        }
        return mapping;
    }

    // ------------------------------------------------------------------------------------------------ sources

    /**
     * A parsed source with the value kinds and units it allows. {@code source == null}: the source had problems but
     * its kind is known, so the channel's other fields are still checked. {@code units == null}: any known unit.
     */
    private record SourceInfo(Source source, ValueKind natural, Set<ValueKind> kinds, List<String> units,
            String what) {
    }

    private SourceInfo source(Node node, String path, String channel, Defaults defaults, ValueKind explicitKind,
            Checks checks) {
        Obj s = obj(node, path);
        if (s == null) {
            return null;
        }
        String bus = string(s, "bus", true);
        if (bus == null) {
            return null;
        }
        List<String> keys = SOURCE_KEYS.get(bus);
        if (keys == null) {
            problem(s.value("bus"), s.field("bus"), "unknown bus '" + bus + "' (expected one of "
                    + String.join(", ", BUSES) + ")");
            return null;
        }
        s.allowOnly(keys);
        return switch (bus) {
            case "modbus" -> modbus(s, channel, defaults, checks);
            case "nmea" -> nmea(s);
            case "ascii" -> ascii(s, explicitKind);
            default -> gpio(s, channel, checks);
        };
    }

    private SourceInfo modbus(Obj s, String channel, Defaults defaults, Checks checks) {
        RegisterTable table = choice(s, "table", true, TABLES, "Modbus table");
        Integer address = integer(s, "address", true, 0, 65535);
        DataType type = choice(s, "type", true, TYPES, "data type");
        Double scale = number(s, "scale", false);
        Double offset = number(s, "offset", false);
        Integer bit = integer(s, "bit", false, 0, 15);
        Endian byteOrder = orElse(choice(s, "byteOrder", false, ENDIANS, "byte order"), defaults.byteOrder);
        Endian wordOrder = orElse(choice(s, "wordOrder", false, ENDIANS, "word order"), defaults.wordOrder);

        if (scale != null && scale == 0) {
            problem(s.value("scale"), s.field("scale"), "scale must not be zero");
        }
        boolean ok = table != null && type != null && address != null && (scale == null || scale != 0)
                && (!s.has("bit") || bit != null);
        if (table != null && type != null) {
            if (table.isBitTable()) {
                if (type != DataType.BOOL) {
                    problem(s.value("type"), s.field("type"), "a " + tableName(table)
                            + " table holds single bits: type must be bool, got " + lower(type));
                    ok = false;
                }
                if (s.has("bit")) {
                    problem(s.value("bit"), s.field("bit"),
                            "bit applies only to bool values in holding or input registers, not to a "
                                    + tableName(table) + " table");
                    ok = false;
                }
            } else if (type == DataType.BOOL && !s.has("bit")) {
                problem(s.value("type"), s.field("bit"), "a bool in " + tableName(table)
                        + " registers needs bit: 0-15 (bit 0 is the least significant bit of the register)");
                ok = false;
            } else if (type != DataType.BOOL && s.has("bit")) {
                problem(s.value("bit"), s.field("bit"), "bit applies only to type bool, not " + lower(type));
                ok = false;
            }
        }
        if (type == DataType.BOOL) {
            for (String key : List.of("scale", "offset")) {
                if (s.has(key)) {
                    problem(s.value(key), s.field(key), key + " applies only to numeric types, not bool");
                    ok = false;
                }
            }
        }
        if (table != null && type != null && address != null) {
            int length = table.isBitTable() ? 1 : type.registers();
            if (address + length > 65536) {
                problem(s.value("address"), s.field("address"), lower(type) + " at address " + address + " needs "
                        + length + " registers and runs past the last address 65535");
                ok = false;
            } else if (ok) {
                checks.modbus.add(new ModbusUse(orElse(channel, "?"), table, address, address + length - 1,
                        bit == null ? -1 : bit, s.value("address"), s.field("address")));
            }
        }
        if (type == null) {
            return null;
        }
        ModbusSource source = !ok ? null : new ModbusSource(table, address, type, byteOrder, wordOrder,
                scale == null ? 1 : scale, offset == null ? 0 : offset, bit == null ? -1 : bit);
        ValueKind kind = type == DataType.BOOL ? ValueKind.BOOLEAN : ValueKind.NUMBER;
        return new SourceInfo(source, kind, EnumSet.of(kind), null,
                "a modbus " + lower(type) + " source");
    }

    private SourceInfo nmea(Obj s) {
        String sentence = string(s, "sentence", true);
        String field = string(s, "field", true);
        if (sentence == null) {
            return null;
        }
        Map<String, NmeaField> fields = NMEA.get(sentence);
        if (fields == null) {
            String hint = sentence.length() == 5 && NMEA.containsKey(sentence.substring(2))
                    ? "; write it without the talker id: " + sentence.substring(2) : "";
            problem(s.value("sentence"), s.field("sentence"), "unknown NMEA sentence '" + sentence
                    + "' (expected one of " + String.join(", ", NMEA.keySet()) + hint + ")");
            return null;
        }
        if (field == null) {
            return null;
        }
        NmeaField f = fields.get(field);
        if (f == null) {
            problem(s.value("field"), s.field("field"), "unknown " + sentence + " field '" + field
                    + "' (expected one of " + String.join(", ", fields.keySet()) + ")");
            return null;
        }
        return new SourceInfo(new NmeaSource(sentence, field), f.kind, EnumSet.of(f.kind),
                f.units.isEmpty() ? null : f.units, "nmea " + sentence + " " + field);
    }

    private SourceInfo ascii(Obj s, ValueKind explicitKind) {
        String request = null;
        if (s.has("request")) {
            request = string(s, "request", false);
            Node n = s.value("request");
            if (request != null && n instanceof ScalarNode sn
                    && sn.getScalarStyle() != DumperOptions.ScalarStyle.DOUBLE_QUOTED) {
                request = unescape(request);
            }
            if (request != null && request.isEmpty()) {
                problem(n, s.field("request"), "request must not be empty; leave it out for a streaming instrument");
            }
        }
        String pattern = string(s, "pattern", true);
        Integer group = integer(s, "group", false, 0, 99);
        Double scale = number(s, "scale", false);
        boolean ok = pattern != null;
        if (pattern != null) {
            try {
                int groups = Pattern.compile(pattern).matcher("").groupCount();
                int g = group == null ? Math.min(1, groups) : group;
                if (g > groups) {
                    problem(s.has("group") ? s.value("group") : s.value("pattern"), s.field("group"), "group " + g
                            + " does not exist: the pattern has " + groups + " capture group(s)");
                    ok = false;
                }
                group = g;
            } catch (PatternSyntaxException e) {
                problem(s.value("pattern"), s.field("pattern"), "not a valid regular expression: "
                        + oneLine(e.getDescription()) + " near index " + e.getIndex());
                ok = false;
            }
        }
        if (scale != null && scale == 0) {
            problem(s.value("scale"), s.field("scale"), "scale must not be zero");
            ok = false;
        }
        if (scale != null && explicitKind == ValueKind.TEXT) {
            problem(s.value("scale"), s.field("scale"), "scale applies only to numeric values, not kind text");
            ok = false;
        }
        ok &= !(s.has("group") && group == null) && !(s.has("request") && request == null)
                && !(s.has("scale") && scale == null);
        return new SourceInfo(ok ? new SerialLineSource(request, pattern, group, scale == null ? 1 : scale) : null,
                ValueKind.NUMBER, EnumSet.of(ValueKind.NUMBER, ValueKind.TEXT), null, "an ascii source");
    }

    private SourceInfo gpio(Obj s, String channel, Checks checks) {
        Integer pin = integer(s, "pin", true, 0, MAX_GPIO_PIN);
        GpioMode mode = choice(s, "mode", true, GPIO_MODES, "GPIO mode");
        Duration debounce = duration(s, "debounce", false, Duration.ZERO);
        Boolean activeLow = bool(s, "activeLow", false);
        Double perPulse = number(s, "perPulse", false);
        boolean ok = pin != null && mode != null && (!s.has("debounce") || debounce != null)
                && (!s.has("activeLow") || activeLow != null) && (!s.has("perPulse") || perPulse != null);
        if (pin != null) {
            String first = checks.pins.putIfAbsent(pin, orElse(channel, "?"));
            if (first != null) {
                problem(s.value("pin"), s.field("pin"), "GPIO pin " + pin + " is already used by channel '"
                        + first + "'");
                ok = false;
            }
        }
        if (mode == GpioMode.COUNTER) {
            if (perPulse == null && !s.has("perPulse")) {
                problem(s.value("mode"), s.field("perPulse"),
                        "a counter needs perPulse: the engineering units one pulse stands for (for example 0.2)");
                ok = false;
            } else if (perPulse != null && perPulse <= 0) {
                problem(s.value("perPulse"), s.field("perPulse"), "perPulse must be > 0, got " + fmt(perPulse));
                ok = false;
            }
        } else if (mode != null && s.has("perPulse")) {
            problem(s.value("perPulse"), s.field("perPulse"), "perPulse applies only to mode counter");
            ok = false;
        }
        if (mode == null) {
            return null;
        }
        if (debounce == null) {
            debounce = mode == GpioMode.OUTPUT ? Duration.ZERO : DEFAULT_DEBOUNCE;
        }
        GpioSource source = !ok ? null : new GpioSource(pin, mode, Boolean.TRUE.equals(activeLow), debounce,
                perPulse == null ? 0 : perPulse);
        ValueKind kind = mode == GpioMode.COUNTER ? ValueKind.NUMBER : ValueKind.BOOLEAN;
        return new SourceInfo(source, kind, EnumSet.of(kind), null, "a gpio " + lower(mode) + " source");
    }

    // ------------------------------------------------------------------------------------------------ nodes

    /** A mapping node with its keys resolved (merge keys {@code <<} flattened, duplicates reported). */
    private final class Obj {
        final MappingNode node;
        final String path;
        final Map<String, NodeTuple> entries = new LinkedHashMap<>();

        Obj(MappingNode node, String path) {
            this.node = node;
            this.path = path;
            collect(node, true, 0);
        }

        private void collect(MappingNode m, boolean explicit, int depth) {
            List<Node> merges = new ArrayList<>();
            for (NodeTuple t : m.getValue()) {
                Node k = t.getKeyNode();
                if (!(k instanceof ScalarNode ks)) {
                    problem(k, path, "keys must be plain names, got " + describe(k));
                    continue;
                }
                if (Tag.MERGE.equals(k.getTag())) {
                    merges.add(t.getValueNode());
                    continue;
                }
                String key = ks.getValue();
                if (!explicit) {
                    entries.putIfAbsent(key, t);
                    continue;
                }
                NodeTuple first = entries.putIfAbsent(key, t);
                if (first != null) {
                    problem(k, field(key), "duplicate key '" + key + "' (first at line "
                            + (first.getKeyNode().getStartMark().getLine() + 1) + ")");
                }
            }
            if (depth > 8) {
                return;
            }
            for (Node merged : merges) {
                if (merged instanceof MappingNode mm) {
                    collect(mm, false, depth + 1);
                } else if (merged instanceof SequenceNode seq) {
                    for (Node item : seq.getValue()) {
                        if (item instanceof MappingNode mm) {
                            collect(mm, false, depth + 1);
                        } else {
                            problem(item, path, "a merge key '<<' needs mappings, got " + describe(item));
                        }
                    }
                } else {
                    problem(merged, path, "a merge key '<<' needs a mapping or a list of mappings, got "
                            + describe(merged));
                }
            }
        }

        String field(String key) {
            return path.isEmpty() ? key : path + "." + key;
        }

        /** Present with a non-null value. */
        boolean has(String key) {
            NodeTuple t = entries.get(key);
            return t != null && !isNull(t.getValueNode());
        }

        Node value(String key) {
            NodeTuple t = entries.get(key);
            return t == null ? node : t.getValueNode();
        }

        void allowOnly(Collection<String> allowed) {
            for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
                if (!allowed.contains(e.getKey())) {
                    problem(e.getValue().getKeyNode(), field(e.getKey()), "unknown key '" + e.getKey()
                            + "' (allowed: " + String.join(", ", allowed) + ")");
                }
            }
        }

        void missing(String key) {
            NodeTuple t = entries.get(key);
            if (t != null) {
                problem(t.getKeyNode(), field(key), "'" + key + "' needs a value");
            } else {
                problem(node, field(key), "missing required field '" + key + "'");
            }
        }
    }

    private Obj obj(Node node, String path) {
        if (node instanceof MappingNode m) {
            return new Obj(m, path);
        }
        problem(node, path, "expected a mapping (key: value pairs), got " + describe(node));
        return null;
    }

    private ScalarNode scalar(Obj o, String key, boolean required, String expected) {
        if (!o.has(key)) {
            if (required) {
                o.missing(key);
            }
            return null;
        }
        Node v = o.value(key);
        if (v instanceof ScalarNode s) {
            return s;
        }
        problem(v, o.field(key), "expected " + expected + ", got " + describe(v));
        return null;
    }

    private String string(Obj o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "a text value");
        return s == null ? null : s.getValue();
    }

    private Integer integer(Obj o, String key, boolean required, long min, long max) {
        ScalarNode s = scalar(o, key, required, "an integer");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        Long value = null;
        if (INTEGER.matcher(text).matches()) {
            try {
                boolean negative = text.startsWith("-");
                String digits = text.replaceFirst("^[-+]", "");
                long v = digits.startsWith("0x") ? Long.parseLong(digits.substring(2), 16) : Long.parseLong(digits);
                value = negative ? -v : v;
            } catch (NumberFormatException e) {
                value = null;
            }
        }
        if (value == null) {
            problem(s, o.field(key), "expected an integer, got '" + text + "'");
            return null;
        }
        if (value < min || value > max) {
            problem(s, o.field(key), key + " must be between " + min + " and " + max + ", got " + value);
            return null;
        }
        return value.intValue();
    }

    private Double number(Obj o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "a number");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        if (NUMBER.matcher(text).matches()) {
            double d = Double.parseDouble(text);
            if (Double.isFinite(d)) {
                return d;
            }
        }
        problem(s, o.field(key), "expected a number, got '" + text + "'");
        return null;
    }

    private Boolean bool(Obj o, String key, boolean required) {
        ScalarNode s = scalar(o, key, required, "true or false");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        if (text.equalsIgnoreCase("true")) {
            return true;
        }
        if (text.equalsIgnoreCase("false")) {
            return false;
        }
        problem(s, o.field(key), "expected true or false, got '" + text + "'");
        return null;
    }

    private Duration duration(Obj o, String key, boolean required, Duration min) {
        ScalarNode s = scalar(o, key, required, "a duration");
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            problem(s, o.field(key), "expected a duration such as 500ms, 5s, 2m, 1h or 1d, got '" + text + "'");
            return null;
        }
        long n = Long.parseLong(m.group(1));
        Duration d = switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(n);
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
        if (d.compareTo(min) < 0) {
            problem(s, o.field(key), key + " must be greater than zero, got '" + text + "'");
            return null;
        }
        return d;
    }

    private <E> E choice(Obj o, String key, boolean required, Map<String, E> values, String what) {
        ScalarNode s = scalar(o, key, required, "a " + what);
        if (s == null) {
            return null;
        }
        String text = s.getValue().strip();
        E value = values.get(text);
        if (value == null) {
            problem(s, o.field(key), "unknown " + what + " '" + text + "' (expected one of "
                    + String.join(", ", values.keySet()) + ")");
        }
        return value;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private void problem(Node node, String field, String message) {
        Mark mark = node == null ? null : node.getStartMark();
        problems.add(new ProfileProblem(file, mark == null ? 0 : mark.getLine() + 1,
                mark == null ? 0 : mark.getColumn() + 1, field, message));
    }

    private static boolean isNull(Node node) {
        return node instanceof ScalarNode s && Tag.NULL.equals(s.getTag());
    }

    private static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a mapping";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (node instanceof ScalarNode s) {
            return isNull(s) ? "nothing" : "'" + s.getValue() + "'";
        }
        return "something else";
    }

    static String tableName(RegisterTable table) {
        return TABLES.entrySet().stream().filter(e -> e.getValue() == table).map(Map.Entry::getKey).findFirst()
                .orElse(table.name());
    }

    private static String lower(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT);
    }

    private static String fmt(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.replaceAll("\\s*\\R\\s*", " ").strip();
    }

    private static <T> T orElse(T value, T fallback) {
        return value != null ? value : fallback;
    }

    /** Resolves {@code \r \n \t \\ \xNN} in a request written without YAML double quotes. */
    static String unescape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch != '\\' || i + 1 >= s.length()) {
                b.append(ch);
                continue;
            }
            char next = s.charAt(++i);
            switch (next) {
                case 'r' -> b.append('\r');
                case 'n' -> b.append('\n');
                case 't' -> b.append('\t');
                case '\\' -> b.append('\\');
                case 'x' -> {
                    if (i + 2 < s.length() + 0 && s.substring(i + 1, Math.min(i + 3, s.length()))
                            .matches("[0-9a-fA-F]{2}")) {
                        b.append((char) Integer.parseInt(s.substring(i + 1, i + 3), 16));
                        i += 2;
                    } else {
                        b.append("\\x");
                    }
                }
                default -> b.append('\\').append(next);
            }
        }
        return b.toString();
    }

    private static <E extends Enum<E>> Map<String, E> lowerNames(E[] values) {
        Map<String, E> map = new LinkedHashMap<>();
        Arrays.stream(values).forEach(v -> map.put(lower(v), v));
        return map;
    }

    @SuppressWarnings("unchecked")
    private static <V> Map<String, V> linked(Object... keyValues) {
        Map<String, V> map = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], (V) keyValues[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(map);
    }
}
