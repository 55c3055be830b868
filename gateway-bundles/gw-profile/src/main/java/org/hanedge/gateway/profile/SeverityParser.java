package org.hanedge.gateway.profile;

import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.hanedge.gateway.api.profile.AlarmKind;
import org.hanedge.gateway.api.profile.Severity;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses an {@code alarms.severity} mapping: alarm kinds in lowerCamel ({@code highHigh}, {@code rateOfChange},
 * {@code stuck} ...) to {@code critical|major|minor|warning}. Only kinds the channel configures may be named.
 */
final class SeverityParser {
    /** Alarm kinds as profiles write them, in declaration order. */
    static final Map<String, AlarmKind> KINDS = Text.linked(
            "lowLow", AlarmKind.LOW_LOW, "low", AlarmKind.LOW, "high", AlarmKind.HIGH,
            "highHigh", AlarmKind.HIGH_HIGH, "rateOfChange", AlarmKind.RATE_OF_CHANGE, "stuck", AlarmKind.STUCK,
            "state", AlarmKind.STATE);
    private static final Map<String, Severity> SEVERITIES = Text.lowerNames(Severity.values());

    private final NodeReader reader;

    SeverityParser(NodeReader reader) {
        this.reader = reader;
    }

    /** The overrides at {@code node}; {@code configured}: the kinds the channel's alarms configure. */
    Map<AlarmKind, Severity> parse(Node node, String path, Set<AlarmKind> configured) {
        Map<AlarmKind, Severity> result = new EnumMap<>(AlarmKind.class);
        YamlMap s = reader.map(node, path);
        if (s == null) {
            return result;
        }
        s.allowOnly(KINDS.keySet());
        for (Map.Entry<String, AlarmKind> e : KINDS.entrySet()) {
            String key = e.getKey();
            if (!s.has(key)) {
                continue;
            }
            Severity severity = reader.choice(s, key, false, SEVERITIES, "severity");
            if (!configured.contains(e.getValue())) {
                reader.problem(s.value(key), s.field(key), "severity for " + key + ", but this channel has no "
                        + key + " alarm (" + describe(configured) + ")");
            } else if (severity != null) {
                result.put(e.getValue(), severity);
            }
        }
        return result;
    }

    private static String describe(Set<AlarmKind> configured) {
        if (configured.isEmpty()) {
            return "it configures none";
        }
        return "configured: " + KINDS.entrySet().stream().filter(e -> configured.contains(e.getValue()))
                .map(Map.Entry::getKey).collect(Collectors.joining(", "));
    }
}
