package org.hanedge.fleet.ingest;

import java.time.Clock;
import java.time.Instant;

import org.hanedge.fleet.alarm.AlarmRecorder;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Events a gateway sends through its outbox (JSON objects with a {@code seq}): kept in {@code gateway_event},
 * deduplicated by (gateway, seq) like telemetry; alarm events also raise or clear the alarm they name.
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

    public EventHandler(ObjectMapper json, SeqDedup dedup, IngestWriter writer, DeadLetters deadLetters,
            IngestMetrics metrics, Clock clock, AlarmRecorder alarms) {
        this.alarms = alarms;
        this.json = json;
        this.dedup = dedup;
        this.writer = writer;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** @param seq the message's {@code seq} user property, or null when it has none */
    public void handle(String gatewayId, String kind, String topic, byte[] payload, Long seqProperty, Runnable ack) {
        Long seq = seqProperty;
        long now = clock.millis();
        JsonNode n;
        try {
            n = json.readTree(payload);
        } catch (java.io.IOException e) {
            n = null;
        }
        if (n == null || !n.isObject()) {
            reject(gatewayId, topic, payload, ack, now, kind + ": not a JSON object");
            return;
        }
        String body = n.toString();
        if (body.length() > 8000) {
            reject(gatewayId, topic, payload, ack, now, kind + ": " + body.length() + " characters, at most 8000");
            return;
        }
        if (seq == null && n.path("seq").canConvertToLong()) {
            seq = n.get("seq").asLong(); // events carry seq at their top level too (non-MQTT paths)
        }
        if (seq != null && !dedup.claim(gatewayId, seq)) {
            metrics.duplicate();
            ack.run();
            return;
        }
        long ts = time(n.path("time"), now);
        long[] seqs = seq == null ? new long[0] : new long[] { seq };
        Long eventSeq = seq;
        AlarmEvent alarm = null;
        if ("alarm".equals(kind)) {
            try {
                alarm = AlarmEvent.of(n, ts);
            } catch (IllegalArgumentException e) {
                reject(gatewayId, topic, payload, ack, now, "alarm: " + e.getMessage());
                return;
            }
        }
        AlarmEvent a = alarm;
        writer.submit(IngestItem.action(gatewayId, seqs, j -> {
            j.sql("INSERT INTO gateway_event (gateway_id, topic, seq, ts, body) VALUES (?, ?, ?, ?, ?)")
                    .params(gatewayId, kind, eventSeq, ts, body).update();
            if (a != null) {
                a.applyTo(alarms, gatewayId, eventSeq);
            }
        }, ack));
    }

    private void reject(String gatewayId, String topic, byte[] payload, Runnable ack, long now, String detail) {
        writer.submit(IngestItem.deadLetter(
                deadLetters.of(now, gatewayId, topic, IngestReason.BAD_EVENT.name(), detail, payload), ack));
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
