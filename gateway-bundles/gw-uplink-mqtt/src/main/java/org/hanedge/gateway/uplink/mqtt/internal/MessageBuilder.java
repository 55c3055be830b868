package org.hanedge.gateway.uplink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * Turns outbox entries (in take order) into MQTT messages: consecutive readings of one priority become SenML packs of
 * at most {@code maxMessageBytes} encoded bytes each (a single record larger than the limit goes alone); every event
 * is a message of its own. The order of the entries is kept.
 */
public final class MessageBuilder {
    public static final String TELEMETRY = "telemetry";
    public static final String EVENT_CONTENT_TYPE = "application/json";

    private final String gatewayId;
    private final SenmlEncoder encoder;
    private final int maxMessageBytes;

    public MessageBuilder(String gatewayId, SenmlEncoder encoder, int maxMessageBytes) {
        this.gatewayId = gatewayId;
        this.encoder = encoder;
        this.maxMessageBytes = maxMessageBytes;
    }

    public List<OutgoingMessage> build(List<OutboxEntry> entries) {
        List<OutgoingMessage> out = new ArrayList<>();
        PackInProgress pack = null;
        for (OutboxEntry e : entries) {
            if (e.payload() instanceof Payload.OfReading r) {
                if (pack != null && pack.priority != e.priority()) {
                    pack.flushTo(out);
                    pack = null;
                }
                if (pack == null) {
                    pack = new PackInProgress(e.priority());
                }
                pack.add(r.reading(), e.seq(), out);
            } else if (e.payload() instanceof Payload.OfEvent ev) {
                if (pack != null) {
                    pack.flushTo(out);
                    pack = null;
                }
                out.add(new OutgoingMessage(ev.topic(), ev.json().getBytes(StandardCharsets.UTF_8),
                        EVENT_CONTENT_TYPE, List.of(e.seq()), 0, e.priority()));
            }
        }
        if (pack != null) {
            pack.flushTo(out);
        }
        return out;
    }

    String baseName(String deviceId) {
        return gatewayId + "/" + deviceId + "/";
    }

    private final class PackInProgress {
        final Priority priority;
        final List<byte[]> records = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();
        long recordBytes;
        String lastDevice;

        PackInProgress(Priority priority) {
            this.priority = priority;
        }

        void add(Reading reading, long seq, List<OutgoingMessage> out) {
            boolean newRun = records.isEmpty() || !reading.deviceId().equals(lastDevice);
            byte[] rec = encoder.encodeRecord(newRun ? baseName(reading.deviceId()) : null, reading, seq);
            if (!records.isEmpty() && encoder.packSize(records.size() + 1, recordBytes + rec.length) > maxMessageBytes) {
                flushTo(out);
                if (!newRun) {
                    rec = encoder.encodeRecord(baseName(reading.deviceId()), reading, seq);
                }
            }
            records.add(rec);
            seqs.add(seq);
            recordBytes += rec.length;
            lastDevice = reading.deviceId();
        }

        void flushTo(List<OutgoingMessage> out) {
            if (records.isEmpty()) {
                return;
            }
            out.add(new OutgoingMessage(TELEMETRY, encoder.pack(records), encoder.format().contentType(), seqs,
                    seqs.size(), priority));
            records.clear();
            seqs.clear();
            recordBytes = 0;
            lastDevice = null;
        }
    }
}
