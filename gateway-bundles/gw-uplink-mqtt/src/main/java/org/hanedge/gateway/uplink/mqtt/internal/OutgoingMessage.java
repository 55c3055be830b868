package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.List;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * One MQTT message built from outbox entries.
 *
 * @param topicSuffix  topic under the gateway's root ({@code telemetry}, or an event's topic)
 * @param payload      the encoded body
 * @param contentType  MQTT 5 content type (UTF-8 ones also set the payload-format indicator)
 * @param seqs         the sequence numbers of the entries it carries, in order; the first is the {@code seq} user
 *                     property
 * @param readings     how many of them are readings (0 for an event)
 * @param priority     the entries' priority
 */
public record OutgoingMessage(String topicSuffix, byte[] payload, ContentType contentType, List<Long> seqs,
        int readings, Priority priority) {
    public OutgoingMessage {
        seqs = List.copyOf(seqs);
        if (seqs.isEmpty()) {
            throw new IllegalArgumentException("a message carries at least one entry");
        }
    }

    public long firstSeq() {
        return seqs.get(0);
    }

    @Override
    public String toString() {
        return "OutgoingMessage[" + topicSuffix + ", " + payload.length + " bytes, seq " + firstSeq() + " x"
                + seqs.size() + ", " + priority + "]";
    }
}
