package org.hanedge.fleet.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.fleet.registry.Gateway;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.GatewayRepository;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Online state from the retained {@code state} topic (birth, Last Will, orderly shutdown), the last {@code stats}
 * snapshot, and "last seen" from every message (kept in memory, written every few seconds).
 */
@Component
public class PresenceHandler {
    private final ObjectMapper json;
    private final GatewayRegistry registry;
    private final GatewayRepository repository;
    private final IngestWriter writer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    public PresenceHandler(ObjectMapper json, GatewayRegistry registry, GatewayRepository repository,
            IngestWriter writer, DeadLetters deadLetters, Clock clock) {
        this.json = json;
        this.registry = registry;
        this.repository = repository;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.clock = clock;
    }

    public void seen(String gatewayId) {
        lastSeen.put(gatewayId, clock.millis());
    }

    @Scheduled(fixedDelay = 5000)
    public void flushLastSeen() {
        if (lastSeen.isEmpty()) {
            return;
        }
        Map<String, Long> batch = new LinkedHashMap<>();
        for (String gw : java.util.List.copyOf(lastSeen.keySet())) {
            Long t = lastSeen.remove(gw);
            if (t != null) {
                batch.put(gw, t);
            }
        }
        repository.touch(batch);
    }

    public void state(String gatewayId, String topic, byte[] payload, Runnable ack) {
        long now = clock.millis();
        JsonNode n = parse(payload);
        if (n == null || !n.path("online").isBoolean()) {
            bad(gatewayId, topic, payload, ack, now, "state: expected a JSON object with a boolean \"online\"");
            return;
        }
        if (!n.get("online").asBoolean()) {
            writer.submit(IngestItem.action(gatewayId, new long[0], j -> registry.offline(gatewayId, now), ack));
            return;
        }
        GatewayRegistry.Birth birth;
        try {
            birth = birth(n);
        } catch (IllegalArgumentException e) {
            bad(gatewayId, topic, payload, ack, now, "state: " + e.getMessage());
            return;
        }
        writer.submit(IngestItem.action(gatewayId, new long[0], j -> registry.online(gatewayId, birth, now), ack));
    }

    public void stats(String gatewayId, String topic, byte[] payload, Runnable ack) {
        long now = clock.millis();
        JsonNode n = parse(payload);
        if (n == null || !n.isObject()) {
            bad(gatewayId, topic, payload, ack, now, "stats: expected a JSON object");
            return;
        }
        String text = n.toString();
        if (text.length() > 8000) {
            bad(gatewayId, topic, payload, ack, now, "stats: " + text.length() + " characters, at most 8000 kept");
            return;
        }
        writer.submit(IngestItem.action(gatewayId, new long[0], j -> repository.saveStats(gatewayId, text, now), ack));
    }

    private void bad(String gatewayId, String topic, byte[] payload, Runnable ack, long now, String detail) {
        writer.submit(IngestItem.deadLetter(
                deadLetters.of(now, gatewayId, topic, IngestReason.BAD_EVENT.name(), detail, payload), ack));
    }

    private JsonNode parse(byte[] payload) {
        try {
            return json.readTree(payload);
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static GatewayRegistry.Birth birth(JsonNode n) {
        Map<String, Gateway.DeviceRef> devices = new LinkedHashMap<>();
        n.path("devices").fields().forEachRemaining(e -> {
            String ref = e.getValue().asText("");
            int at = ref.indexOf('@');
            devices.put(e.getKey(), at < 0 ? new Gateway.DeviceRef(ref, null)
                    : new Gateway.DeviceRef(ref.substring(0, at), ref.substring(at + 1)));
        });
        Gateway.Position position = null;
        JsonNode p = n.path("position");
        if (p.path("lat").isNumber() && p.path("lon").isNumber()) {
            position = new Gateway.Position(p.get("lat").asDouble(), p.get("lon").asDouble(), time(p.path("time")),
                    p.path("fix").isBoolean() ? p.get("fix").asBoolean() : null);
        }
        return new GatewayRegistry.Birth(n.path("firmware").isTextual() ? n.get("firmware").asText() : null,
                time(n.path("started")), time(n.path("connected")), devices, position);
    }

    private static Long time(JsonNode n) {
        if (!n.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(n.asText()).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + n.asText() + "' is not an ISO-8601 instant");
        }
    }
}
