package org.hanedge.fleet.ingest;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.registry.Gateway;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.GatewayRepository;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Online state from the retained {@code state} topic (birth, Last Will, orderly shutdown), the last {@code stats}
 * snapshot, and "last seen" from every message (kept in memory, written every few seconds). A birth's devices are
 * what the ingest trusts: they are put in the {@link GatewayDirectory} as soon as the birth is read (so telemetry
 * read after it flows) and stored with it. A birth announcing more than
 * {@code hanedge.fleet.ingest.max-devices-per-birth} devices, or a device id that is blank or over 64 characters,
 * is refused whole ({@link IngestReason#TOO_MANY_DEVICES}); the devices announced before stay.
 */
@Component
public class PresenceHandler {
    private final ObjectMapper json;
    private final GatewayRegistry registry;
    private final GatewayRepository repository;
    private final IngestWriter writer;
    private final DeadLetters deadLetters;
    private final Clock clock;
    private final GatewayDirectory directory;
    private final int maxDevices;
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();

    public PresenceHandler(ObjectMapper json, GatewayRegistry registry, GatewayRepository repository,
            IngestWriter writer, DeadLetters deadLetters, Clock clock, GatewayDirectory directory,
            FleetProperties properties) {
        this.directory = directory;
        this.maxDevices = properties.ingest().maxDevicesPerBirth();
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
        if (birth.devices() != null) {
            String problem = devicesProblem(birth.devices());
            if (problem != null) {
                writer.submit(IngestItem.deadLetter(deadLetters.of(now, gatewayId, topic,
                        IngestReason.TOO_MANY_DEVICES.name(), "state: " + problem, payload), ack));
                return;
            }
            directory.announce(gatewayId, birth.profilesByDevice());
        }
        writer.submit(IngestItem.action(gatewayId, new long[0], j -> registry.online(gatewayId, birth, now), ack));
    }

    private String devicesProblem(Map<String, Gateway.DeviceRef> devices) {
        if (devices.size() > maxDevices) {
            return "the birth announces " + devices.size() + " devices, at most " + maxDevices
                    + " (hanedge.fleet.ingest.max-devices-per-birth)";
        }
        for (Map.Entry<String, Gateway.DeviceRef> d : devices.entrySet()) {
            if (d.getKey().isBlank() || d.getKey().length() > TelemetryHandler.MAX_ID) {
                return "device id \"" + DeadLetters.printable(d.getKey().length() > 80 ? d.getKey().substring(0, 80)
                        + "..." : d.getKey()) + "\" is blank or longer than " + TelemetryHandler.MAX_ID + " characters";
            }
            if (d.getValue().profileId() == null || d.getValue().profileId().isBlank()
                    || d.getValue().profileId().length() > TelemetryHandler.MAX_ID) {
                return "device \"" + d.getKey() + "\" has no profile (\"<profile>@<version>\")";
            }
        }
        return null;
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
        Map<String, Gateway.DeviceRef> devices = n.path("devices").isObject() ? new LinkedHashMap<>() : null;
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
