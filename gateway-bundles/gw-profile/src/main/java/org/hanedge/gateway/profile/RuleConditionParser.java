package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.lower;

import java.time.Duration;
import java.util.List;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ControlRule.Condition;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Parses a rule's {@code when}: the watched {@code channel}, exactly one of {@code above}/{@code below} (numeric
 * channels) or {@code is} (boolean channels), and how long it must hold ({@code for}).
 */
final class RuleConditionParser {
    private static final List<String> KEYS = List.of("channel", "above", "below", "is", "for");
    private static final List<String> COMPARISONS = List.of("above", "below", "is");

    /** A parsed condition; {@code threshold} 0 and {@code state} non-null for {@link Condition#IS}. */
    record When(String channel, Condition condition, double threshold, Boolean state, Duration delay) {
    }

    private final NodeReader reader;
    private final ChannelChecks checks;

    RuleConditionParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
    }

    /** The condition at {@code node}, or null if it has problems (reported). */
    When parse(Node node, String path, List<ChannelSpec> channels) {
        YamlMap m = reader.map(node, path);
        if (m == null) {
            return null;
        }
        m.allowOnly(KEYS);
        String name = reader.string(m, "channel", true);
        ChannelSpec channel = name == null ? null : channel(m, name, channels);
        boolean ok = channel != null;
        String comparison = comparison(m);
        if (comparison == null) {
            return null;
        }
        if (channel != null && !fits(m, comparison, channel)) {
            ok = false;
        }
        Duration delay = reader.duration(m, "for", false, Durations.POSITIVE);
        ok &= !m.has("for") || delay != null;
        if (comparison.equals("is")) {
            Boolean state = reader.bool(m, "is", false);
            return ok && state != null ? new When(name, Condition.IS, 0, state, delay) : null;
        }
        Double threshold = reader.number(m, comparison, false);
        Condition condition = comparison.equals("above") ? Condition.ABOVE : Condition.BELOW;
        return ok && threshold != null ? new When(name, condition, threshold, null, delay) : null;
    }

    /** The watched channel (reported if it is not one of the profile's); null if unknown or broken. */
    private ChannelSpec channel(YamlMap m, String name, List<ChannelSpec> channels) {
        ChannelSpec c = Outputs.find(channels, name);
        if (c == null && !checks.declared(name)) {
            reader.problem(m.value("channel"), m.field("channel"), "unknown channel '" + name + "' ("
                    + Outputs.channelNames(channels) + ")");
        }
        return c;
    }

    /** The one comparison key given; null (reported) if none or several. */
    private String comparison(YamlMap m) {
        List<String> given = COMPARISONS.stream().filter(m::has).toList();
        if (given.isEmpty()) {
            reader.problem(m.node(), m.field("above"),
                    "a condition needs one of above: <number>, below: <number> or is: true|false");
            return null;
        }
        if (given.size() > 1) {
            reader.problem(m.value(given.get(1)), m.field(given.get(1)), "use only one of above, below and is; "
                    + "this condition has " + String.join(" and ", given));
            return null;
        }
        return given.get(0);
    }

    /** Whether the comparison suits the channel's kind (reported if not). */
    private boolean fits(YamlMap m, String comparison, ChannelSpec channel) {
        boolean isState = comparison.equals("is");
        ValueKind needed = isState ? ValueKind.BOOLEAN : ValueKind.NUMBER;
        if (channel.kind() == needed) {
            return true;
        }
        reader.problem(m.value(comparison), m.field(comparison), comparison + " applies only to "
                + lower(needed) + " channels; '" + channel.name() + "' is " + lower(channel.kind())
                + (channel.kind() == ValueKind.BOOLEAN ? ": use is: true|false"
                        : channel.kind() == ValueKind.NUMBER ? ": use above or below" : ""));
        return false;
    }
}
