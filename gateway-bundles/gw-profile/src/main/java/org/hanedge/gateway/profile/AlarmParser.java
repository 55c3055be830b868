package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.fmt;
import static org.hanedge.gateway.profile.Text.lower;

import java.util.List;

import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.Node;

/** Parses a channel's {@code alarms}: ordered limits and hysteresis for numbers, {@code state} for booleans. */
final class AlarmParser {
    private static final List<String> ALARM_KEYS = List.of("lowLow", "low", "high", "highHigh", "hysteresis", "state");
    private static final List<String> LIMIT_KEYS = List.of("lowLow", "low", "high", "highHigh");

    private final NodeReader reader;

    AlarmParser(NodeReader reader) {
        this.reader = reader;
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
            } else if (kind != null && kind != ValueKind.NUMBER) {
                reader.problem(a.value("hysteresis"), a.field("hysteresis"),
                        "hysteresis applies only to numeric channels");
            }
        }
        Boolean state = reader.bool(a, "state", false);
        if (state != null && kind != null && kind != ValueKind.BOOLEAN) {
            reader.problem(a.value("state"), a.field("state"),
                    "state applies only to boolean channels; this channel is " + lower(kind));
        }
        return new AlarmLimits(limits[0], limits[1], limits[2], limits[3], hysteresis == null ? 0 : hysteresis,
                state);
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
