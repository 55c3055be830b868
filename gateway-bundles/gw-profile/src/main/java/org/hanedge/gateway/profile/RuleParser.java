package org.hanedge.gateway.profile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ControlRule;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses the top-level {@code rules} list of local control rules: a unique lower_snake_case {@code name}, a
 * {@code when} condition on a channel of the profile ({@link RuleConditionParser}), the {@code then} actions on output
 * channels ({@link RuleActionParser}) and an optional {@code reason}.
 */
final class RuleParser {
    private static final List<String> KEYS = List.of("name", "when", "then", "reason");

    private final NodeReader reader;
    private final RuleConditionParser conditions;
    private final RuleActionParser actions;

    RuleParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.conditions = new RuleConditionParser(reader, checks);
        this.actions = new RuleActionParser(reader, checks);
    }

    /** The valid rules at {@code node}, checked against the profile's valid {@code channels}. */
    List<ControlRule> parse(Node node, List<ChannelSpec> channels) {
        List<ControlRule> result = new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            reader.problem(node, "rules", "expected a list of rules, got " + YamlMap.describe(node));
            return result;
        }
        Map<String, Node> names = new HashMap<>();
        for (int i = 0; i < seq.getValue().size(); i++) {
            ControlRule rule = rule(seq.getValue().get(i), "rules[" + i + "]", channels, names);
            if (rule != null) {
                result.add(rule);
            }
        }
        return result;
    }

    private ControlRule rule(Node node, String path, List<ChannelSpec> channels, Map<String, Node> names) {
        YamlMap m = reader.map(node, path);
        if (m == null) {
            return null;
        }
        m.allowOnly(KEYS);
        String name = name(m, names);
        RuleConditionParser.When when = null;
        if (m.has("when")) {
            when = conditions.parse(m.value("when"), m.field("when"), channels);
        } else {
            m.missing("when");
        }
        List<ControlRule.Action> then = null;
        if (m.has("then")) {
            then = actions.parse(m.value("then"), m.field("then"), when == null ? null : when.channel(), channels);
        } else {
            m.missing("then");
        }
        String reason = reader.string(m, "reason", false);
        if (name == null || when == null || then == null || (m.has("reason") && reason == null)) {
            return null;
        }
        return new ControlRule(name, when.channel(), when.condition(), when.threshold(), when.state(), when.delay(),
                then, reason == null || reason.isBlank() ? null : reason);
    }

    /** The rule's name, checked for form and uniqueness; null if absent or wrong. */
    private String name(YamlMap m, Map<String, Node> names) {
        String name = reader.string(m, "name", true);
        if (name == null) {
            return null;
        }
        Node node = m.value("name");
        if (!ChannelParser.CHANNEL_NAME.matcher(name).matches() || name.length() > 64) {
            reader.problem(node, m.field("name"), "rule name '" + name
                    + "' must be lower_snake_case (a-z, 0-9 and '_', starting with a letter, at most 64 characters)");
            return null;
        }
        Node first = names.putIfAbsent(name, node);
        if (first != null) {
            reader.problem(node, m.field("name"), "duplicate rule name '" + name + "' (first used at line "
                    + (first.getStartMark().getLine() + 1) + ")");
            return null;
        }
        return name;
    }
}
