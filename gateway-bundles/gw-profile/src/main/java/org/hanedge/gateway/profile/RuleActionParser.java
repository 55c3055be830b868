package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.lower;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ControlRule.Action;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses a rule's {@code then}: one action {@code { set: <output>, value: ... }} or a list of them. Each sets an
 * output channel of the profile, at most once per rule and never the channel the rule watches, to a value of the
 * output's kind ({@code true|false} for digital outputs, a number for setpoints).
 */
final class RuleActionParser {
    private static final List<String> KEYS = List.of("set", "value");

    private final NodeReader reader;
    private final ChannelChecks checks;

    RuleActionParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
    }

    /** The actions at {@code node}, or null if any has problems (reported); {@code watched} may be null. */
    List<Action> parse(Node node, String path, String watched, List<ChannelSpec> channels) {
        List<Node> items;
        List<String> paths = new ArrayList<>();
        if (node instanceof MappingNode) {
            items = List.of(node);
            paths.add(path);
        } else if (node instanceof SequenceNode seq && !seq.getValue().isEmpty()) {
            items = seq.getValue();
            for (int i = 0; i < items.size(); i++) {
                paths.add(path + "[" + i + "]");
            }
        } else {
            reader.problem(node, path, "expected an action { set: <output>, value: <value> } or a list of them, got "
                    + (node instanceof SequenceNode ? "an empty list" : YamlMap.describe(node)));
            return null;
        }
        List<Action> result = new ArrayList<>();
        Map<String, String> set = new HashMap<>();
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            Action action = action(items.get(i), paths.get(i), watched, channels, set);
            ok &= action != null;
            if (action != null) {
                result.add(action);
            }
        }
        return ok ? result : null;
    }

    private Action action(Node node, String path, String watched, List<ChannelSpec> channels,
            Map<String, String> set) {
        YamlMap m = reader.map(node, path);
        if (m == null) {
            return null;
        }
        m.allowOnly(KEYS);
        String name = reader.string(m, "set", true);
        ChannelSpec output = name == null ? null : output(m, name, watched, channels, set);
        if (!m.has("value")) {
            m.missing("value");
            return null;
        }
        Object value = output == null ? null : value(m, output);
        return value == null ? null : new Action(name, value);
    }

    /** The output channel {@code name}, or null (reported unless the channel itself failed validation). */
    private ChannelSpec output(YamlMap m, String name, String watched, List<ChannelSpec> channels,
            Map<String, String> set) {
        Node node = m.value("set");
        String field = m.field("set");
        ChannelSpec c = Outputs.find(channels, name);
        if (c == null) {
            if (!checks.declared(name)) {
                reader.problem(node, field, "unknown output channel '" + name + "' (" + Outputs.describe(channels)
                        + ")");
            }
            return null;
        }
        if (!Outputs.isOutput(c)) {
            reader.problem(node, field, "channel '" + name + "' is not an output: a rule sets a channel with source "
                    + "bus: gpio, mode: output (" + Outputs.describe(channels) + ")");
            return null;
        }
        if (name.equals(watched)) {
            reader.problem(node, field, "a rule may not set the channel it watches ('" + name + "')");
            return null;
        }
        String first = set.putIfAbsent(name, field);
        if (first != null) {
            reader.problem(node, field, "'" + name + "' is already set by this rule (" + first + ")");
            return null;
        }
        return c;
    }

    /** The value, as a Boolean for a boolean output or a Double for a numeric one; null (reported) if it does not fit. */
    private Object value(YamlMap m, ChannelSpec output) {
        Node node = m.value("value");
        String text = node instanceof ScalarNode s ? s.getValue().strip() : null;
        if (output.kind() == ValueKind.BOOLEAN) {
            if ("true".equalsIgnoreCase(text) || "false".equalsIgnoreCase(text)) {
                return Boolean.valueOf(text.toLowerCase(java.util.Locale.ROOT));
            }
            reader.problem(node, m.field("value"), "'" + output.name() + "' is a digital output: value must be "
                    + "true or false, got " + YamlMap.describe(node));
            return null;
        }
        Double number = text == null ? null : NodeReader.parseNumber(text);
        if (output.kind() == ValueKind.NUMBER && number != null) {
            return number;
        }
        reader.problem(node, m.field("value"), "'" + output.name() + "' is a " + lower(output.kind())
                + " output: value must be a number, got " + YamlMap.describe(node));
        return null;
    }
}
