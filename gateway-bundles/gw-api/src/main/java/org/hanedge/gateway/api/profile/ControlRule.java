package org.hanedge.gateway.api.profile;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A local control rule, evaluated on the gateway with or without an uplink: when the condition on {@code channel}
 * becomes true and has held for {@code delay}, every action sets its output channel (through the output driver,
 * which still applies the profile's interlocks). It fires again only after the condition was false in between.
 *
 * <pre>
 * rules:
 *   - name: standby_pump_on_high_level
 *     when: { channel: wet_well_level, above: 2.8, for: 10s }
 *     then: [ { set: pump3_run, value: true } ]
 *     reason: wet well high, start the standby pump
 * </pre>
 *
 * @param name      unique within the profile, lower snake case
 * @param channel   the channel watched (of the same profile)
 * @param condition how the channel's value is compared
 * @param threshold the limit for {@link Condition#ABOVE} / {@link Condition#BELOW}; ignored for {@link Condition#IS}
 * @param state     the boolean value for {@link Condition#IS}; {@code null} otherwise
 * @param delay     how long the condition must hold ({@link Duration#ZERO}: at once)
 * @param actions   outputs to set, in order
 * @param reason    human text reported with every action
 */
public record ControlRule(String name, String channel, Condition condition, double threshold, Boolean state,
        Duration delay, List<Action> actions, String reason) {

    /** How the watched value is compared. */
    public enum Condition {
        /** value strictly above the threshold */
        ABOVE,
        /** value strictly below the threshold */
        BELOW,
        /** boolean value equal to {@code state} */
        IS
    }

    /**
     * One output to set.
     *
     * @param output an output channel of the same profile
     * @param value  {@link Boolean} for digital outputs, {@link Double} for setpoints
     */
    public record Action(String output, Object value) {
        public Action {
            Objects.requireNonNull(output, "output");
            if (!(value instanceof Boolean) && !(value instanceof Double)) {
                throw new IllegalArgumentException("action on " + output + ": value must be a Boolean or a Double");
            }
        }
    }

    public ControlRule {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(condition, "condition");
        delay = delay == null ? Duration.ZERO : delay;
        actions = List.copyOf(actions);
        if (condition == Condition.IS && state == null) {
            throw new IllegalArgumentException("rule " + name + ": condition IS needs a state");
        }
    }

    /** Whether a value of the watched channel meets the condition (a number for ABOVE/BELOW, 0/1 for IS). */
    public boolean holds(double value) {
        return switch (condition) {
            case ABOVE -> value > threshold;
            case BELOW -> value < threshold;
            case IS -> (value != 0) == state;
        };
    }
}
