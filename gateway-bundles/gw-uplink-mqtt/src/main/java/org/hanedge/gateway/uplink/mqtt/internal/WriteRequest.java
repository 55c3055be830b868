package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.IOException;

import org.hanedge.gateway.api.WriteCommand;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The payload of {@code cmd/write}: {@code {"id":"7d3c...","device":"ps-plc-io","channel":"pump1_run","value":true,
 * "origin":"server:operator-lan"}}; {@code id} is optional (a command id: a redelivery with the same id is answered
 * with the first response, not run again; 1 to {@value #MAX_ID_LENGTH} characters), {@code origin} is optional
 * (default {@code server}), {@code value} is a boolean (digital output) or a number (setpoint, passed on as a
 * {@link Double}).
 */
final class WriteRequest {
    static final String DEFAULT_ORIGIN = "server";
    static final int MAX_ID_LENGTH = 128;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private WriteRequest() {
    }

    /** What is wrong with a command; {@code request} is the parsed JSON object when there was one. */
    static final class BadRequest extends Exception {
        private static final long serialVersionUID = 1L;
        final transient JsonNode request;

        BadRequest(String reason, JsonNode request) {
            super(reason, null, false, false);
            this.request = request;
        }
    }

    /** A parsed request: its command id (null when it had none) and the command. */
    record Parsed(String id, WriteCommand command) {
        /** What the command does, as one canonical text: a repeated id must come with the same. */
        String fingerprint() {
            return MAPPER.createArrayNode().add(command.deviceId()).add(command.channel())
                    .add(MAPPER.valueToTree(command.value())).toString();
        }
    }

    static Parsed parse(byte[] payload) throws BadRequest {
        JsonNode n;
        try {
            n = MAPPER.readTree(payload);
        } catch (IOException e) {
            throw new BadRequest("payload is not JSON: " + firstLine(e.getMessage()), null);
        }
        if (n == null || !n.isObject()) {
            throw new BadRequest("payload must be a JSON object", null);
        }
        String device = text(n, "device", true);
        String channel = text(n, "channel", true);
        JsonNode v = n.get("value");
        Object value;
        if (v == null || v.isNull()) {
            throw new BadRequest("missing field 'value'", n);
        } else if (v.isBoolean()) {
            value = v.booleanValue();
        } else if (v.isNumber()) {
            double d = v.doubleValue();
            if (!Double.isFinite(d)) {
                throw new BadRequest("field 'value' must be a finite number", n);
            }
            value = d;
        } else {
            throw new BadRequest("field 'value' must be a boolean or a number, got " + kind(v), n);
        }
        String origin = text(n, "origin", false);
        String id = text(n, "id", false);
        if (id != null && id.length() > MAX_ID_LENGTH) {
            throw new BadRequest("field 'id' must be at most " + MAX_ID_LENGTH + " characters", n);
        }
        return new Parsed(id, new WriteCommand(device, channel, value, origin == null ? DEFAULT_ORIGIN : origin));
    }

    private static String text(JsonNode n, String field, boolean required) throws BadRequest {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new BadRequest("missing field '" + field + "'", n);
            }
            return null;
        }
        if (!v.isTextual()) {
            throw new BadRequest("field '" + field + "' must be a string, got " + kind(v), n);
        }
        if (v.textValue().isBlank()) {
            throw new BadRequest("field '" + field + "' must not be empty", n);
        }
        return v.textValue();
    }

    private static String kind(JsonNode v) {
        return v.isTextual() ? "a string" : v.isNumber() ? "a number" : v.isBoolean() ? "a boolean"
                : v.isArray() ? "an array" : v.isObject() ? "an object" : "null";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
