package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.lower;
import static org.hanedge.gateway.profile.Text.orElse;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.Lwm2mMapping;
import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.Node;

/** Parses one entry of {@code channels}: name, kind, unit and source, then its reporting, alarms and LwM2M. */
final class ChannelParser {
    static final Pattern CHANNEL_NAME = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    private static final int MAX_NAME_LENGTH = 64;
    private static final List<String> CHANNEL_KEYS = List.of("name", "description", "unit", "kind", "source", "poll",
            "deadband", "onChange", "heartbeat", "window", "alarms", "lwm2m", "precision");
    private static final Map<String, ValueKind> KINDS = Text.lowerNames(ValueKind.values());

    private final NodeReader reader;
    private final ChannelChecks checks;
    private final SourceParser sources;
    private final ReportingParser reporting;
    private final AlarmParser alarms;
    private final Lwm2mParser lwm2m;

    ChannelParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
        this.sources = new SourceParser(reader, checks);
        this.reporting = new ReportingParser(reader);
        this.alarms = new AlarmParser(reader);
        this.lwm2m = new Lwm2mParser(reader, checks);
    }

    /** The channel at {@code node}, or null if it has problems (all of them reported). */
    ChannelSpec parse(Node node, String path, Defaults defaults) {
        YamlMap c = reader.map(node, path);
        if (c == null) {
            return null;
        }
        c.allowOnly(CHANNEL_KEYS);
        String name = name(c);
        String description = orElse(reader.string(c, "description", false), "");
        ValueKind explicitKind = reader.choice(c, "kind", false, KINDS, "value kind");

        SourceInfo src = null;
        if (!c.has("source")) {
            c.missing("source");
        } else {
            src = sources.source(c.value("source"), c.field("source"), name, defaults, explicitKind);
        }
        ValueKind kind = kind(c, src, explicitKind);
        String unit = unit(c, name, kind, src);
        BigDecimal precision = precision(c, kind);

        Duration poll = orElse(reader.duration(c, "poll", false, Durations.POSITIVE), defaults.poll());
        Reporting report = reporting.parse(c, kind, defaults);
        if (report.window() != null && name != null) {
            checks.windowed(name, c.value("window"), c.field("window"));
        }
        AlarmLimits limits = AlarmLimits.NONE;
        if (c.has("alarms")) {
            limits = alarms.parse(c.value("alarms"), c.field("alarms"), kind);
        }
        Lwm2mMapping mapping = null;
        if (c.has("lwm2m")) {
            mapping = lwm2m.parse(c.value("lwm2m"), c.field("lwm2m"), name);
        }
        if (name == null || src == null || src.source() == null || kind == null) {
            return null;
        }
        return new ChannelSpec(name, description, kind == ValueKind.NUMBER ? unit : null, kind, src.source(), poll,
                report, limits == null ? AlarmLimits.NONE : limits, mapping,
                kind == ValueKind.NUMBER ? precision : null);
    }

    /**
     * The step the sensor resolves, in the channel's unit: numeric channels only, a number > 0 written in decimal
     * (values go on the wire rounded to it).
     */
    private BigDecimal precision(YamlMap c, ValueKind kind) {
        if (!c.has("precision")) {
            return null;
        }
        BigDecimal p = reader.decimal(c, "precision", false);
        if (p == null) {
            return null;
        }
        if (p.signum() <= 0) {
            reader.problem(c.value("precision"), c.field("precision"), "precision must be > 0 (the step the sensor "
                    + "resolves in the channel's unit, e.g. 0.1), got " + p.toPlainString());
            return null;
        }
        if (kind != null && kind != ValueKind.NUMBER) {
            reader.problem(c.value("precision"), c.field("precision"), "precision applies only to numeric channels; "
                    + "this channel is " + lower(kind));
            return null;
        }
        return p;
    }

    /** The channel's name, checked for form and uniqueness; null if absent or not text. */
    private String name(YamlMap c) {
        String name = reader.string(c, "name", true);
        if (name != null) {
            if (!CHANNEL_NAME.matcher(name).matches() || name.length() > MAX_NAME_LENGTH) {
                reader.problem(c.value("name"), c.field("name"), "channel name '" + name
                        + "' must be lower_snake_case (a-z, 0-9 and '_', starting with a letter, at most 64 characters)");
            } else {
                checks.name(name, c.value("name"), c.field("name"));
            }
        }
        return name;
    }

    /** The source's kind, or the explicit {@code kind} where the source allows it. */
    private ValueKind kind(YamlMap c, SourceInfo src, ValueKind explicitKind) {
        ValueKind kind = src == null ? explicitKind : src.natural();
        if (src != null && explicitKind != null) {
            if (!src.kinds().contains(explicitKind)) {
                reader.problem(c.value("kind"), c.field("kind"), "kind " + lower(explicitKind)
                        + " is not possible for " + src.what() + " (possible: "
                        + src.kinds().stream().map(Text::lower).collect(Collectors.joining(", ")) + ")");
            } else {
                kind = explicitKind;
            }
        }
        return kind;
    }

    /** The unit: required, known and fitting the source for numeric channels; not allowed for others. */
    private String unit(YamlMap c, String name, ValueKind kind, SourceInfo src) {
        String unit = reader.string(c, "unit", false);
        if (kind == ValueKind.NUMBER) {
            if (unit == null) {
                if (!c.has("unit")) {
                    reader.problem(c.node(), c.field("unit"), "numeric channel '" + orElse(name, "?")
                            + "' needs a unit (a SenML/UCUM unit such as m, Cel, mg/L; see docs/profiles.md)");
                }
            } else if (!Units.isKnown(unit)) {
                String hint = Units.suggest(unit).map(u -> "; did you mean '" + u + "'?").orElse("");
                reader.problem(c.value("unit"), c.field("unit"), "unknown unit '" + unit
                        + "' (not a SenML/UCUM unit HanEdge accepts; the list is in docs/profiles.md" + hint + ")");
            } else if (src != null && src.units() != null && !src.units().contains(unit)) {
                reader.problem(c.value("unit"), c.field("unit"), "unit '" + unit + "' does not fit " + src.what()
                        + " (expected " + String.join(" or ", src.units()) + ")");
            }
        } else if (kind != null && unit != null) {
            reader.problem(c.value("unit"), c.field("unit"), "unit applies only to numeric channels; this channel is "
                    + lower(kind));
        }
        return unit;
    }
}
