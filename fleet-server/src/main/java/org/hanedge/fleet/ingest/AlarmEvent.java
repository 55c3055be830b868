package org.hanedge.fleet.ingest;

import java.util.Locale;

import org.hanedge.fleet.alarm.AlarmRecorder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An alarm event from a gateway's {@code alarm} topic:
 * {@code {"alarm":"<stable id>","device":..,"channel":..,"state":"raised"|"cleared","severity":..,"value":..,
 * "limit":..,"time":"<ISO>","message":..}} ({@code id} is accepted for {@code alarm}).
 */
record AlarmEvent(String key, String device, String channel, boolean raised, String severity, Double value,
        Double limit, long time, String message) {

    static AlarmEvent of(JsonNode n, long time) {
        String key = text(n, "alarm");
        if (key == null) {
            key = text(n, "id");
        }
        if (key == null) {
            throw new IllegalArgumentException("\"alarm\" (the alarm's stable id) is missing");
        }
        String state = text(n, "state");
        if (state == null || !(state.equalsIgnoreCase("raised") || state.equalsIgnoreCase("cleared"))) {
            throw new IllegalArgumentException("\"state\" must be \"raised\" or \"cleared\", not " + state);
        }
        boolean raised = state.equalsIgnoreCase("raised");
        String severity = text(n, "severity");
        if (raised && severity == null) {
            throw new IllegalArgumentException("\"severity\" is missing on a raised alarm");
        }
        return new AlarmEvent(key, text(n, "device"), text(n, "channel"), raised,
                severity == null ? null : severity.toUpperCase(Locale.ROOT), number(n, "value"), number(n, "limit"),
                time, text(n, "message"));
    }

    void applyTo(AlarmRecorder alarms, String gatewayId, Long seq) {
        if (raised) {
            alarms.raise(gatewayId, device, channel, key, severity, message, value, limit, time, seq);
        } else {
            alarms.clear(gatewayId, key, time, seq);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isTextual() && !v.asText().isBlank() ? v.asText() : null;
    }

    private static Double number(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isNumber() ? v.asDouble() : null;
    }
}
