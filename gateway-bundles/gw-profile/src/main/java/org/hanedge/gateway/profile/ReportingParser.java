package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.fmt;
import static org.hanedge.gateway.profile.Text.lower;

import java.time.Duration;
import java.util.List;

import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;

/**
 * Parses when a channel reports: {@code deadband}, {@code onChange} and {@code heartbeat}, or instead a
 * {@code window} that aggregates samples (numeric channels only).
 */
final class ReportingParser {
    private static final List<String> NOT_WITH_WINDOW = List.of("deadband", "onChange", "heartbeat");

    private final NodeReader reader;

    ReportingParser(NodeReader reader) {
        this.reader = reader;
    }

    /** The reporting of channel {@code c}, whose value kind is {@code kind} (null if unknown). */
    Reporting parse(YamlMap c, ValueKind kind, Defaults defaults) {
        Double deadband = reader.number(c, "deadband", false);
        if (deadband != null && deadband < 0) {
            reader.problem(c.value("deadband"), c.field("deadband"), "deadband must be >= 0, got " + fmt(deadband));
        }
        Boolean onChange = reader.bool(c, "onChange", false);
        if (deadband != null && kind != null && kind != ValueKind.NUMBER) {
            reader.problem(c.value("deadband"), c.field("deadband"),
                    "deadband applies only to numeric channels; use onChange: true");
        }
        if (deadband != null && deadband > 0 && Boolean.TRUE.equals(onChange) && !c.has("window")) {
            reader.problem(c.value("onChange"), c.field("onChange"), "use either deadband or onChange, not both");
        }
        Duration heartbeat = reader.duration(c, "heartbeat", false, Durations.POSITIVE);
        Duration window = c.has("window") ? window(c, kind) : null;
        if (window != null) {
            return new Reporting(0, false, null, window);
        }
        if (heartbeat == null) {
            heartbeat = defaults.heartbeat();
        }
        return new Reporting(deadband == null ? 0 : deadband, Boolean.TRUE.equals(onChange), heartbeat);
    }

    /**
     * The channel's window: numeric channels only, and it replaces deadband, onChange and heartbeat (a windowed
     * channel reports at the end of every window). The profile's default heartbeat does not apply to it.
     */
    private Duration window(YamlMap c, ValueKind kind) {
        Duration window = reader.duration(c, "window", false, Durations.POSITIVE);
        if (window == null) {
            return null;
        }
        if (kind != null && kind != ValueKind.NUMBER) {
            reader.problem(c.value("window"), c.field("window"), "window applies only to numeric channels; this "
                    + "channel is " + lower(kind));
        }
        for (String key : NOT_WITH_WINDOW) {
            if (c.has(key)) {
                reader.problem(c.value(key), c.field(key), "use either window or " + key + ", not both: a "
                        + "windowed channel reports its average, min and max at the end of every window");
            }
        }
        return window;
    }
}
