package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.fmt;
import static org.hanedge.gateway.profile.Text.lower;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import org.hanedge.gateway.api.profile.GpioMode;
import org.hanedge.gateway.api.profile.GpioSource;
import org.hanedge.gateway.api.profile.ValueKind;

/** Parses a {@code bus: gpio} source: pin, mode, debounce, polarity and, for counters, units per pulse. */
final class GpioSourceParser {
    static final int MAX_GPIO_PIN = 27;

    private static final Map<String, GpioMode> GPIO_MODES = Text.lowerNames(GpioMode.values());

    private final NodeReader reader;
    private final ChannelChecks checks;

    GpioSourceParser(NodeReader reader, ChannelChecks checks) {
        this.reader = reader;
        this.checks = checks;
    }

    SourceInfo parse(YamlMap s, String channel) {
        Integer pin = reader.integer(s, "pin", true, 0, MAX_GPIO_PIN);
        GpioMode mode = reader.choice(s, "mode", true, GPIO_MODES, "GPIO mode");
        Duration debounce = reader.duration(s, "debounce", false, Duration.ZERO);
        Boolean activeLow = reader.bool(s, "activeLow", false);
        Double perPulse = reader.number(s, "perPulse", false);
        boolean ok = pin != null && mode != null && (!s.has("debounce") || debounce != null)
                && (!s.has("activeLow") || activeLow != null) && (!s.has("perPulse") || perPulse != null);
        if (pin != null && !checks.pin(pin, channel, s.value("pin"), s.field("pin"))) {
            ok = false;
        }
        if (mode == GpioMode.COUNTER) {
            if (perPulse == null && !s.has("perPulse")) {
                reader.problem(s.value("mode"), s.field("perPulse"),
                        "a counter needs perPulse: the engineering units one pulse stands for (for example 0.2)");
                ok = false;
            } else if (perPulse != null && perPulse <= 0) {
                reader.problem(s.value("perPulse"), s.field("perPulse"), "perPulse must be > 0, got "
                        + fmt(perPulse));
                ok = false;
            }
        } else if (mode != null && s.has("perPulse")) {
            reader.problem(s.value("perPulse"), s.field("perPulse"), "perPulse applies only to mode counter");
            ok = false;
        }
        if (mode == null) {
            return null;
        }
        if (debounce == null) {
            debounce = mode == GpioMode.OUTPUT ? Duration.ZERO : Durations.DEFAULT_DEBOUNCE;
        }
        GpioSource source = !ok ? null : new GpioSource(pin, mode, Boolean.TRUE.equals(activeLow), debounce,
                perPulse == null ? 0 : perPulse);
        ValueKind kind = mode == GpioMode.COUNTER ? ValueKind.NUMBER : ValueKind.BOOLEAN;
        return new SourceInfo(source, kind, EnumSet.of(kind), null, "a gpio " + lower(mode) + " source");
    }
}
