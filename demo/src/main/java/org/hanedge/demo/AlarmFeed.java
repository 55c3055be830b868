package org.hanedge.demo;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Prints alarms raised since the demo started, brief ones too, once each: at most {@value #MAX_PER_POLL} lines a
 * poll, then a count of the rest (the web UI's Alarms page has them).
 */
public final class AlarmFeed {
    static final int MAX_PER_POLL = 8;

    private final Set<String> seen = new HashSet<>();

    /**
     * Takes the API's answer ({@code items[]} of {@code /api/v1/alarms}) and hands the new alarms' lines to
     * {@code alarm} and, if more than fit, one summary line to {@code more}.
     */
    public void accept(JsonNode page, Consumer<String> alarm, Consumer<String> more) {
        int shown = 0;
        int left = 0;
        for (JsonNode a : page.path("items")) {
            String id = a.path("id").asText("");
            if (id.isEmpty() || !seen.add(id)) {
                continue;
            }
            if (shown < MAX_PER_POLL) {
                alarm.accept(line(a));
                shown++;
            } else {
                left++;
            }
        }
        if (left > 0) {
            more.accept("... and " + left + " more alarms (web UI: Alarms)");
        }
    }

    /** {@code alarm SEVERITY GATEWAY DEVICE/CHANNEL: MESSAGE[ (cleared since)]} */
    static String line(JsonNode a) {
        return "alarm " + String.join(" ", List.of(a.path("severity").asText(), a.path("gateway").asText())) + " "
                + a.path("device").asText() + "/" + a.path("channel").asText() + ": " + a.path("message").asText()
                + ("CLEARED".equals(a.path("state").asText()) ? " (cleared since)" : "");
    }
}
