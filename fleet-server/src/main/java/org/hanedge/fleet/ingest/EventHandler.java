package org.hanedge.fleet.ingest;

import java.time.Clock;
import java.time.Instant;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.hanedge.fleet.alarm.AlarmRecorder;
import org.hanedge.fleet.ingest.senml.DeadLetterReason;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Events a gateway sends through its outbox (JSON objects with a {@code seq}): kept in {@code gateway_event},
 * deduplicated by (gateway, seq) like telemetry; alarm events also raise or clear the alarm they name. An event or
 * alarm of a device the gateway did not announce is a dead letter, as its telemetry would be.
 */
@Component
public class EventHandler {
    private final ObjectMapper json;
    private final SeqDedup dedup;
    private final IngestWriter writer;
    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final AlarmRecorder alarms;
    private final GatewayDirectory directory;

    public EventHandler(ObjectMapper json, SeqDedup dedup, IngestWriter writer, DeadLetters deadLetters,
            IngestMetrics metrics, Clock clock, AlarmRecorder alarms, GatewayDirectory directory) {
        this.directory = directory;
        this.alarms = alarms;
        this.json = json;
        this.dedup = dedup;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @param seqProperty the message's {@code seq} user property, or null when it has none */
    public void handle(String gatewayId, String kind, String topic, byte[] payload, Long seqProperty, Runnable ack) {
        MessageOutcome o = evaluate(gatewayId, kind, topic, payload, seqProperty);
        o.refused().forEach(deadLetters::count);
        for (int i = 0; i < o.duplicates(); i++) {
            metrics.duplicate();
        }
        writer.submit(o.item(o.refused(), ack));
    }

    /**
     * Reads and checks an event; claims its seq only when it is accepted. An event naming a {@code device} the
     * gateway has not announced is refused ({@code UNKNOWN_DEVICE}); its dead letter keeps the JSON with the
     * {@code seq} added, so a replay is deduplicated like the original. Writes nothing.
     */
    public MessageOutcome evaluate(String gatewayId, String kind, String topic, byte[] payload, Long seqProperty) {
        Long seq = seqProperty;
        long now = clock.millis();
        JsonNode n;
        try {
            n = json.readTree(payload);
        } catch (java.io.IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            return bad(gatewayId, topic, payload, now, kind + ": not a JSON object");
        }
        String body = n.toString();
        if (body.length() > 8000) {
            return bad(gatewayId, topic, payload, now, kind + ": " + body.length() + " characters, at most 8000");
        }
        if (seq == null && n.path("seq").canConvertToLong()) {
            seq = n.get("seq").asLong(); // events carry seq at their top level too (non-MQTT paths, replays)
        }
        if (seq != null && dedup.seen(gatewayId, seq)) {
            return MessageOutcome.duplicate(gatewayId);
        }
        long ts = time(n.path("time"), now);
        AlarmEvent alarm = null;
        if ("alarm".equals(kind)) {
            try {
                alarm = AlarmEvent.of(n, ts);
            } catch (IllegalArgumentException e) {
                return bad(gatewayId, topic, payload, now, "alarm: " + e.getMessage());
            }
        }
        JsonNode device = n.get("device");
        if (device != null && device.isTextual() && !directory.announced(gatewayId, device.asText())) {
            ObjectNode kept = ((ObjectNode) n).deepCopy();
            if (seq != null) {
                kept.put("seq", seq);
            }
            return MessageOutcome.refused(deadLetters.refusal(now, gatewayId, topic,
                    DeadLetterReason.UNKNOWN_DEVICE.name(), kind + ": device \"" + DeadLetters.printable(device.asText().length() > 64 ? device.asText().substring(0, 64) + "..." : device.asText())
                            + "\" is not announced by gateway " + gatewayId,
                    kept.toString().getBytes(StandardCharsets.UTF_8)));
        }
        if (seq != null && !dedup.claim(gatewayId, seq)) {
            return MessageOutcome.duplicate(gatewayId);
        }
        long[] seqs = seq == null ? new long[0] : new long[] { seq };
        Long eventSeq = seq;
        AlarmEvent a = alarm;
        return new MessageOutcome(gatewayId, List.of(), seqs, j -> {
            j.sql("INSERT INTO gateway_event (gateway_id, topic, seq, ts, body) VALUES (?, ?, ?, ?, ?)")
                    .params(gatewayId, kind, eventSeq, ts, body).update();
            if (a != null) {
                a.applyTo(alarms, gatewayId, eventSeq);
            }
        }, List.of(), 0, 1);
    }

    private MessageOutcome bad(String gatewayId, String topic, byte[] payload, long now, String detail) {
        return MessageOutcome.refused(
                deadLetters.refusal(now, gatewayId, topic, IngestReason.BAD_EVENT.name(), detail, payload));
    }

    static long time(JsonNode t, long fallback) {
        if (t.isNumber()) {
            return (long) (t.asDouble() * 1000);
        }
        if (t.isTextual()) {
            try {
                return Instant.parse(t.asText()).toEpochMilli();
            } catch (java.time.format.DateTimeParseException e) {
                return fallback;
            }
        }
        return fallback;
    }
}
