package org.hanedge.gateway.profile;

import static org.hanedge.gateway.profile.Text.fmt;

import java.time.Duration;

import org.hanedge.gateway.api.profile.Reporting;
import org.hanedge.gateway.api.profile.ValueKind;

/** Parses when a channel reports: {@code deadband}, {@code onChange} and {@code heartbeat}. */
final class ReportingParser {
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
        if (deadband != null && deadband > 0 && Boolean.TRUE.equals(onChange)) {
            reader.problem(c.value("onChange"), c.field("onChange"), "use either deadband or onChange, not both");
        }
        Duration heartbeat = reader.duration(c, "heartbeat", false, Durations.POSITIVE);
        if (heartbeat == null) {
            heartbeat = defaults.heartbeat();
        }
        return new Reporting(deadband == null ? 0 : deadband, Boolean.TRUE.equals(onChange), heartbeat);
    }
}
