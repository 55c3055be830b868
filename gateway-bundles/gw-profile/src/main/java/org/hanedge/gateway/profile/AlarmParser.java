package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.fmt;
import static org.hanedge.gateway.profile.Text.lower;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.Severity;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a channel's {@code alarms}: ordered limits, hysteresis, rate of change and stuck value for numbers,
 * {@code state} for booleans, delays and severity overrides for any of them.
 */
final class AlarmParser {
    private static final List<String> ALARM_KEYS = List.of("lowLow", "low", "high", "highHigh", "hysteresis", "state",
            "rateOfChange", "stuck", "delayOn", "delayOff", "severity");
    private static final List<String> LIMIT_KEYS = List.of("lowLow", "low", "high", "highHigh");

    private final NodeReader reader;
    private final SeverityParser severities;

    AlarmParser(NodeReader reader) {
        this.reader = reader;
        this.severities = new SeverityParser(reader);
    }

    /** The alarms at {@code node} of a channel of {@code kind} (null if unknown); null if not a mapping. */
    AlarmLimits parse(Node node, String path, ValueKind kind) {
        YamlMap a = reader.map(node, path);
        if (a == null) {
            return null;
        }
        a.allowOnly(ALARM_KEYS);
        Double[] limits = limits(a, kind);
        Double hysteresis = reader.number(a, "hysteresis", false);
        if (hysteresis != null) {
            if (hysteresis < 0) {
                reader.problem(a.value("hysteresis"), a.field("hysteresis"), "hysteresis must be >= 0, got "
                        + fmt(hysteresis));
            } else {
                numericOnly(a, "hysteresis", kind);
            }
        }
        Boolean state = reader.bool(a, "state", false);
        if (state != null && kind != null && kind != ValueKind.BOOLEAN) {
            reader.problem(a.value("state"), a.field("state"),
                    "state applies only to boolean channels; this channel is " + lower(kind));
        }
        Double rate = reader.number(a, "rateOfChange", false);
        if (rate != null && !(rate > 0)) {
            reader.problem(a.value("rateOfChange"), a.field("rateOfChange"),
                    "rateOfChange must be > 0 (the largest allowed change per minute), got " + fmt(rate));
        } else if (rate != null) {
            numericOnly(a, "rateOfChange", kind);
        }
        Duration stuck = reader.duration(a, "stuck", false, Durations.POSITIVE);
        if (stuck != null) {
            numericOnly(a, "stuck", kind);
        }
        Duration delayOn = reader.duration(a, "delayOn", false, Durations.POSITIVE);
        Duration delayOff = reader.duration(a, "delayOff", false, Durations.POSITIVE);

        Set<AlarmKind> configured = configured(limits, state, rate, stuck);
        if (configured.isEmpty()) {
            for (String key : List.of("delayOn", "delayOff")) {
                if (a.has(key)) {
                    reader.problem(a.value(key), a.field(key), key + " has no alarm to delay: configure a limit, "
                            + "state, rateOfChange or stuck");
                }
            }
        }
        Map<AlarmKind, Severity> severity = a.has("severity")
                ? severities.parse(a.value("severity"), a.field("severity"), configured)
                : Map.of();
        return new AlarmLimits(limits[0], limits[1], limits[2], limits[3], hysteresis == null ? 0 : hysteresis,
                state, rate, stuck, delayOn, delayOff, severity);
    }

    private void numericOnly(YamlMap a, String key, ValueKind kind) {
        if (kind != null && kind != ValueKind.NUMBER) {
            reader.problem(a.value(key), a.field(key), key + " applies only to numeric channels; this channel is "
                    + lower(kind));
        }
    }

    /** The kinds of alarm the parsed keys configure. */
    private static Set<AlarmKind> configured(Double[] limits, Boolean state, Double rate, Duration stuck) {
        Set<AlarmKind> kinds = EnumSet.noneOf(AlarmKind.class);
        AlarmKind[] levels = {AlarmKind.LOW_LOW, AlarmKind.LOW, AlarmKind.HIGH, AlarmKind.HIGH_HIGH};
        for (int i = 0; i < levels.length; i++) {
            if (limits[i] != null) {
                kinds.add(levels[i]);
            }
        }
        if (state != null) {
            kinds.add(AlarmKind.STATE);
        }
        if (rate != null) {
            kinds.add(AlarmKind.RATE_OF_CHANGE);
        }
        if (stuck != null) {
            kinds.add(AlarmKind.STUCK);
        }
        return kinds;
    }

    /** lowLow, low, high, highHigh (null where absent), checked to be strictly increasing. */
    private Double[] limits(YamlMap a, ValueKind kind) {
        Double[] limits = new Double[LIMIT_KEYS.size()];
        String previousKey = null;
        Double previous = null;
        for (int i = 0; i < limits.length; i++) {
            String key = LIMIT_KEYS.get(i);
            limits[i] = reader.number(a, key, false);
            if (limits[i] == null) {
                continue;
            }
            if (kind != null && kind != ValueKind.NUMBER) {
                reader.problem(a.value(key), a.field(key), key + " applies only to numeric channels"
                        + (kind == ValueKind.BOOLEAN ? "; use state: true|false" : ""));
            } else if (previous != null && !(previous < limits[i])) {
                reader.problem(a.value(key), a.field(key), key + " (" + fmt(limits[i]) + ") must be greater than "
                        + previousKey + " (" + fmt(previous) + "): limits are ordered lowLow < low < high < highHigh");
            }
            previousKey = key;
            previous = limits[i];
        }
        return limits;
    }
}
