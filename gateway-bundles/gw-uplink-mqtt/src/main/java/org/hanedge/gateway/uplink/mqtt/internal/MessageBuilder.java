package org.hanedge.gateway.uplink.mqtt.internal;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import java.time.Instant;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlEncoder;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns outbox entries (in take order) into MQTT messages: consecutive readings of one priority become SenML packs of
 * at most {@code maxMessageBytes} encoded bytes each (a single record larger than the limit goes alone); every event
 * is a message of its own. The order of the entries is kept. Packs are encoded by the contract
 * ({@link SenmlEncoder} for the JSON and CBOR forms, {@link ThinPacks} for the thin form): values in registered SenML
 * units, rounded to each channel's precision. With a clock correction, every reading's time and an event document's
 * top-level {@code time} get their epoch's correction (docs/uplink.md, "Clock").
 */
public final class MessageBuilder {
    public static final String TELEMETRY = TopicKind.TELEMETRY.path();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String gatewayId;
    private final TelemetryForm form;
    private final SenmlEncoder encoder; // null for the thin form
    private final ThinPacks thin; // null unless the thin form
    private final Precisions precisions;
    private final int maxMessageBytes;
    private final ClockCorrection clock; // null: times as taken

    public MessageBuilder(String gatewayId, TelemetryForm form, int maxMessageBytes, Precisions precisions) {
        this(gatewayId, form, maxMessageBytes, precisions, null);
    }

    MessageBuilder(String gatewayId, TelemetryForm form, int maxMessageBytes, Precisions precisions,
            ClockCorrection clock) {
        this.gatewayId = Topics.requireGatewayId(gatewayId);
        this.form = form;
        this.encoder = form == TelemetryForm.THIN ? null
                : new SenmlEncoder(form == TelemetryForm.CBOR ? SenmlFormat.CBOR : SenmlFormat.JSON);
        this.thin = form == TelemetryForm.THIN ? new ThinPacks(gatewayId, maxMessageBytes, precisions) : null;
        this.precisions = precisions;
        this.maxMessageBytes = maxMessageBytes;
        this.clock = clock;
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
                pack.add(clock == null ? r.reading() : clock.correct(e.seq(), r.reading()), e.seq(), out);
            } else if (e.payload() instanceof Payload.OfEvent ev) {
                if (pack != null) {
                    pack.flushTo(out);
                    pack = null;
                }
                out.add(new OutgoingMessage(ev.topic(), eventJson(e.seq(), ev).getBytes(StandardCharsets.UTF_8),
                        ContentType.JSON, List.of(e.seq()), 0, e.priority()));
            }
        }
        if (pack != null) {
            pack.flushTo(out);
        }
        return out;
    }

    /** The event document, its top-level {@code time} corrected when it has one (ISO-8601) and the correction is not 0. */
    private String eventJson(long seq, Payload.OfEvent ev) {
        if (clock == null) {
            return ev.json();
        }
        Instant corrected = clock.correct(seq, ev.time());
        if (corrected.equals(ev.time())) {
            return ev.json();
        }
        try {
            JsonNode n = JSON.readTree(ev.json());
            if (n instanceof ObjectNode o && o.path("time").isTextual()) {
                Instant t = Instant.parse(o.get("time").asText());
                o.put("time", t.plusMillis(corrected.toEpochMilli() - ev.time().toEpochMilli()).toString());
                return JSON.writeValueAsString(o);
            }
        } catch (java.io.IOException | java.time.format.DateTimeParseException e) {
            // not ours to fix: sent as stored
        }
        return ev.json();
    }

    private final class PackInProgress {
        final Priority priority;
        final List<byte[]> records = new ArrayList<>();
        final List<Sample> samples = new ArrayList<>();
        final List<Long> seqs = new ArrayList<>();
        long recordBytes;
        String lastDevice;

        PackInProgress(Priority priority) {
            this.priority = priority;
        }

        void add(Reading reading, long seq, List<OutgoingMessage> out) {
            Sample sample = ReadingSamples.of(reading, seq);
            if (thin != null) {
                samples.add(sample);
                seqs.add(seq);
                return;
            }
            boolean newRun = records.isEmpty() || !reading.deviceId().equals(lastDevice);
            BigDecimal precision = precisions.of(reading.deviceId(), reading.channel());
            byte[] rec = encoder.encodeRecord(newRun ? SenmlEncoder.baseName(gatewayId, reading.deviceId()) : null,
                    sample, precision);
            if (!records.isEmpty() && encoder.packSize(records.size() + 1, recordBytes + rec.length) > maxMessageBytes) {
                flushTo(out);
                if (!newRun) {
                    rec = encoder.encodeRecord(SenmlEncoder.baseName(gatewayId, reading.deviceId()), sample,
                            precision);
                }
            }
            records.add(rec);
            seqs.add(seq);
            recordBytes += rec.length;
            lastDevice = reading.deviceId();
        }

        void flushTo(List<OutgoingMessage> out) {
            if (thin != null) {
                if (!samples.isEmpty()) {
                    out.addAll(thin.pack(samples, priority));
                }
                samples.clear();
                seqs.clear();
                return;
            }
            if (records.isEmpty()) {
                return;
            }
            out.add(new OutgoingMessage(TELEMETRY, encoder.pack(records), form.contentType(), seqs, seqs.size(),
                    priority));
            records.clear();
            seqs.clear();
            recordBytes = 0;
            lastDevice = null;
        }
    }
}
