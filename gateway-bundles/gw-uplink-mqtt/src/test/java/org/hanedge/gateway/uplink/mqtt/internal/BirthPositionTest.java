package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.hanedge.gateway.api.Quality;
import org.hanedge.gateway.api.Reading;
import org.junit.jupiter.api.Test;

class BirthPositionTest {
    private static final Instant T = Instant.parse("2026-11-27T04:30:00Z");

    @Test
    void birthCarriesTheNewestPositionOfAGpsDevice() throws Exception {
        List<Reading> latest = List.of(
                Reading.of("truck-gps", "position_lat", 16.0415, "lat", T.minusSeconds(60)),
                Reading.of("truck-gps", "position_lon", 108.1465, "lon", T.minusSeconds(60)),
                new Reading("boat-gps", "position_lat", 16.2, "lat", T, Quality.UNCERTAIN),
                new Reading("boat-gps", "position_lon", 108.4, "lon", T, Quality.UNCERTAIN),
                Reading.of("boat-engine", "engine_hours", 1234.5, "h", T));
        BirthPosition p = BirthPosition.from(latest).orElseThrow();
        assertEquals("boat-gps", p.device());
        assertEquals(16.2, p.lat());
        assertFalse(p.fix(), "a repeated position without fix says so");

        StateDocuments docs = new StateDocuments("gw-1", "0.1.0", T, Map::of, Map::of, null, () -> Optional.of(p));
        JsonNode birth = new ObjectMapper().readTree(new String(docs.birth(T), StandardCharsets.UTF_8));
        assertEquals(108.4, birth.get("position").get("lon").asDouble());
        assertEquals("boat-gps", birth.get("position").get("device").asText());
    }

    @Test
    void noPositionWithoutAnyFix() throws Exception {
        List<Reading> latest = List.of(Reading.failed("truck-gps", "position_lat", "lat", T, Quality.BAD_COMM),
                Reading.of("truck-body", "hydraulic_pressure", 120, "bar", T));
        assertTrue(BirthPosition.from(latest).isEmpty());
        StateDocuments docs = new StateDocuments("gw-1", "0.1.0", T, Map::of, Map::of, null);
        assertFalse(new ObjectMapper().readTree(docs.birth(T)).has("position"));
    }
}
