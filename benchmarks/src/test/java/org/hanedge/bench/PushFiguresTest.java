package org.hanedge.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The push figures from a push's gateway states: shares finished by the server's receive times. */
class PushFiguresTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long T0 = Instant.parse("2026-12-08T03:00:00Z").toEpochMilli();

    private static JsonNode gateway(String state, String receivedAt) {
        var n = JSON.createObjectNode().put("gateway", "g").put("outcome", "STORED").put("version", 2)
                .put("state", state);
        if (receivedAt != null) {
            n.putObject("reported").put("receivedAt", receivedAt);
        }
        return n;
    }

    @Test
    void sharesAreTheReceiveTimesOfTheNthFinishedGateway() {
        List<JsonNode> targets = List.of(gateway("APPLIED", "2026-12-08T03:00:01.500Z"),
                gateway("APPLIED", "2026-12-08T03:00:03Z"), gateway("ROLLED_BACK", "2026-12-08T03:00:02Z"),
                gateway("APPLIED", "2026-12-08T03:00:04.250Z"));
        PushFigures f = PushFigures.of(T0, targets, 1.5, 800, JSON.createObjectNode().put("APPLIED", 3));
        assertEquals(4, f.gateways());
        assertEquals(2.0, f.secondsTo50());
        assertEquals(4.25, f.secondsTo99());
        assertEquals(4.25, f.secondsTo100());
        assertEquals(1, f.failed());
        assertEquals(3, f.applied());
        assertTrue(f.complete());
        assertTrue(f.text().contains("50 % in 2.00 s"), f.text());
    }

    @Test
    void aShareNeverReachedIsNull() {
        List<JsonNode> targets = List.of(gateway("APPLIED", "2026-12-08T03:00:01Z"), gateway("APPLYING",
                "2026-12-08T03:00:01Z"), gateway("PUBLISHED", null));
        PushFigures f = PushFigures.of(T0, targets, 0, 0, JSON.createObjectNode());
        assertNull(f.secondsTo50());
        assertNull(f.secondsTo100());
        assertFalse(f.complete());
        assertTrue(f.text().contains("100 % in (never) s"), f.text());
    }
}
