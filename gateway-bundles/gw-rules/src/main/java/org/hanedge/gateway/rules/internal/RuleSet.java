package org.hanedge.gateway.rules.internal;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.ControlRule;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * The control rules of one profile, checked so that each can run: the watched channel exists (numeric for
 * ABOVE/BELOW, boolean for IS), every action sets an existing gpio output with a boolean value, names are unique.
 * gw-profile refuses such profiles already; this second check keeps a rule that cannot run from replacing rules
 * that can (whoever built the profile).
 */
record RuleSet(DeviceProfile profile, List<ControlRule> rules) {

    static RuleSet compile(DeviceProfile p) throws RuleLoadException {
        List<String> problems = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (ControlRule r : p.rules()) {
            String at = "rule '" + r.name() + "'";
            if (!names.add(r.name())) {
                problems.add(at + ": the name is used twice");
            }
            Optional<ChannelSpec> watched = p.channel(r.channel());
            if (watched.isEmpty()) {
                problems.add(at + ": channel '" + r.channel() + "' is not a channel of the profile");
            } else {
                ValueKind kind = watched.get().kind();
                boolean isBool = r.condition() == ControlRule.Condition.IS;
                if (isBool && kind != ValueKind.BOOLEAN) {
                    problems.add(at + ": 'is " + r.state() + "' needs a boolean channel, " + r.channel() + " is "
                            + kind);
                } else if (!isBool && kind != ValueKind.NUMBER) {
                    problems.add(at + ": '" + r.condition().name().toLowerCase() + "' needs a numeric channel, "
                            + r.channel() + " is " + kind);
                }
            }
            if (r.actions().isEmpty()) {
                problems.add(at + ": no actions");
            }
            for (ControlRule.Action a : r.actions()) {
                Optional<ChannelSpec> out = p.channel(a.output());
                if (out.isEmpty()) {
                    problems.add(at + ": output '" + a.output() + "' is not a channel of the profile");
                } else if (!(out.get().source() instanceof GpioSource g) || g.mode() != GpioMode.OUTPUT) {
                    problems.add(at + ": '" + a.output() + "' is not an output channel (gpio mode: output)");
                } else if (!(a.value() instanceof Boolean)) {
                    problems.add(at + ": output '" + a.output() + "' is digital, its value must be true or false");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new RuleLoadException(p.ref(), problems);
        }
        return new RuleSet(p, p.rules());
    }
}
