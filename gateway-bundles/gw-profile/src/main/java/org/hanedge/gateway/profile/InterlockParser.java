package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.fmt;
import static org.hanedge.gateway.profile.Text.lower;

import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.Interlock;
import org.hanedge.gateway.api.profile.ValueKind;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Parses the top-level {@code interlocks} list: each entry guards an output channel ({@code gpio}, {@code mode:
 * output}) with limits on a numeric channel of the same profile. References to channels that were declared but
 * failed validation are not reported again.
 */
final class InterlockParser {
    private static final List<String> KEYS = List.of("output", "channel", "min", "max", "reason");

    private final NodeReader reader;
    private final ChannelChecks checks;

    InterlockParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
    }

    /** The valid interlocks at {@code node}, checked against the profile's valid {@code channels}. */
    List<Interlock> parse(Node node, List<ChannelSpec> channels) {
        List<Interlock> result = new ArrayList<>();
        if (!(node instanceof SequenceNode seq)) {
            reader.problem(node, "interlocks", "expected a list of interlocks, got " + YamlMap.describe(node));
            return result;
        }
        for (int i = 0; i < seq.getValue().size(); i++) {
            Interlock interlock = interlock(seq.getValue().get(i), "interlocks[" + i + "]", channels);
            if (interlock != null) {
                result.add(interlock);
            }
        }
        return result;
    }

    private Interlock interlock(Node node, String path, List<ChannelSpec> channels) {
        YamlMap m = reader.map(node, path);
        if (m == null) {
            return null;
        }
        m.allowOnly(KEYS);
        String output = reader.string(m, "output", true);
        String channel = reader.string(m, "channel", true);
        Double min = reader.number(m, "min", false);
        Double max = reader.number(m, "max", false);
        String reason = reader.string(m, "reason", false);
        boolean ok = output != null && channel != null && (!m.has("min") || min != null)
                && (!m.has("max") || max != null) && (!m.has("reason") || reason != null);
        if (!m.has("min") && !m.has("max")) {
            reader.problem(m.node(), m.field("min"), "an interlock needs min and/or max: the range of '"
                    + (channel == null ? "channel" : channel) + "' in which the output may be switched on");
            ok = false;
        } else if (min != null && max != null && min > max) {
            reader.problem(m.value("max"), m.field("max"), "max (" + fmt(max) + ") must not be less than min ("
                    + fmt(min) + ")");
            ok = false;
        }
        if (output != null && !output(m, output, channels)) {
            ok = false;
        }
        if (channel != null && !channel(m, channel, channels)) {
            ok = false;
        }
        return ok ? new Interlock(output, channel, min, max, reason == null || reason.isBlank() ? null : reason)
                : null;
    }

    /** Whether {@code name} is a gpio output channel (reported if not). */
    private boolean output(YamlMap m, String name, List<ChannelSpec> channels) {
        ChannelSpec c = Outputs.find(channels, name);
        if (c == null) {
            if (checks.declared(name)) {
                return false; // its own problems are reported already
            }
            reader.problem(m.value("output"), m.field("output"), "unknown output channel '" + name + "' ("
                    + Outputs.describe(channels) + ")");
            return false;
        }
        if (!Outputs.isOutput(c)) {
            reader.problem(m.value("output"), m.field("output"), "channel '" + name
                    + "' is not an output: an interlock guards a channel with source bus: gpio, mode: output");
            return false;
        }
        return true;
    }

    /** Whether {@code name} is a numeric channel (reported if not). */
    private boolean channel(YamlMap m, String name, List<ChannelSpec> channels) {
        ChannelSpec c = Outputs.find(channels, name);
        if (c == null) {
            if (!checks.declared(name)) {
                reader.problem(m.value("channel"), m.field("channel"), "unknown channel '" + name
                        + "' (an interlock checks a numeric channel of this profile)");
            }
            return false;
        }
        if (c.kind() != ValueKind.NUMBER) {
            reader.problem(m.value("channel"), m.field("channel"), "channel '" + name + "' is " + lower(c.kind())
                    + ": an interlock checks a numeric channel");
            return false;
        }
        return true;
    }

}
