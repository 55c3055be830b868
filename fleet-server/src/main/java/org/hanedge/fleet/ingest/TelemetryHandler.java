package org.hanedge.fleet.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.hanedge.fleet.ingest.senml.DecodedPack;
import org.hanedge.fleet.ingest.senml.RecordChecker;
import org.hanedge.fleet.ingest.senml.RecordProblem;
import org.hanedge.fleet.ingest.senml.SenmlDecoder;
import org.hanedge.fleet.ingest.senml.SenmlFormat;
import org.hanedge.fleet.ingest.senml.SenmlFormatException;
import org.hanedge.fleet.ingest.senml.SenmlRecord;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.fleet.telemetry.store.StoredReading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.springframework.stereotype.Component;

/**
 * A telemetry message: decoded, every record checked against the devices the gateway announced (its birth) and
 * their profiles, bounded by the gateway's series limit, and deduplicated by (gateway, seq); good records go to
 * storage, each bad one (or the whole message, if unreadable) to dead letter. A refused record never claims its
 * seq, so it can be stored later by a replay of its dead letter, once; its dead letter carries the record as a
 * self-contained SenML pack ({@link RecordPayload}).
 */
@Component
public class TelemetryHandler {
    static final int MAX_ID = 64;
    static final int MAX_TEXT = 1024;

    private final SenmlDecoder decoder;
    private final RecordChecker checker;
    private final GatewayDirectory directory;
    private final SeqDedup dedup;
    private final SeriesBudget budget;
    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final IngestWriter writer;
    private final Clock clock;

    public TelemetryHandler(SenmlDecoder decoder, RecordChecker checker, GatewayDirectory directory,
            SeqDedup dedup, SeriesBudget budget, DeadLetters deadLetters, IngestMetrics metrics,
            IngestWriter writer, Clock clock) {
        this.decoder = decoder;
        this.checker = checker;
        this.directory = directory;
        this.dedup = dedup;
        this.budget = budget;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.writer = writer;
        this.clock = clock;
    }

    public void handle(String gatewayId, String topic, byte[] payload, String contentType, Runnable ack) {
        MessageOutcome o = evaluate(gatewayId, topic, payload, contentType);
        o.refused().forEach(deadLetters::count);
        for (int i = 0; i < o.duplicates(); i++) {
            metrics.duplicate();
        }
        writer.submit(o.item(o.refused(), ack));
    }

    /** Reads and checks a message; claims the seq of every accepted record. Writes nothing. */
    public MessageOutcome evaluate(String gatewayId, String topic, byte[] payload, String contentType) {
        long now = clock.millis();
        DecodedPack pack;
        try {
            if (payload != null && payload.length > decoder.maxMessageBytes()) { // before anything reads it
                throw new SenmlFormatException(org.hanedge.fleet.ingest.senml.DeadLetterReason.OVERSIZED,
                        "payload is " + payload.length + " bytes, over the limit of " + decoder.maxMessageBytes()
                                + " (hanedge.fleet.ingest.max-message-bytes)");
            }
            pack = decoder.decode(gatewayId, payload, SenmlFormat.detect(contentType, payload), now);
        } catch (SenmlFormatException e) {
            return MessageOutcome.refused(
                    deadLetters.refusal(now, gatewayId, topic, e.reason().name(), e.detail(), payload));
        }
        List<DeadLetter> dead = new ArrayList<>();
        for (RecordProblem p : pack.problems()) {
            dead.add(deadLetters.refusal(now, gatewayId, topic, p.reason().name(), p.detail(),
                    bytes(p.recordText())));
        }
        List<StoredReading> readings = new ArrayList<>(pack.records().size());
        long[] seqs = new long[pack.records().size()];
        int claimed = 0;
        int duplicates = 0;
        for (SenmlRecord r : pack.records()) {
            if (dedup.seen(gatewayId, r.seq())) {
                duplicates++;
                continue;
            }
            if (r.deviceId().length() > MAX_ID || (r.text() != null && r.text().length() > MAX_TEXT)) {
                dead.add(deadLetters.refusal(now, gatewayId, topic, "BAD_RECORD", "record " + r.index() + ": "
                        + (r.deviceId().length() > MAX_ID ? "device id longer than " + MAX_ID + " characters"
                                : "vs longer than " + MAX_TEXT + " characters"), bytes(r.describe())));
                continue;
            }
            String profileId = directory.profileOf(gatewayId, r.deviceId());
            Optional<RecordProblem> problem = checker.check(gatewayId, d -> profileId, r, now);
            if (problem.isPresent()) {
                RecordProblem p = problem.get();
                dead.add(deadLetters.refusal(now, gatewayId, topic, p.reason().name(), p.detail(),
                        RecordPayload.of(gatewayId, r)));
                continue;
            }
            if (!budget.admit(gatewayId, r.deviceId(), r.channel())) {
                dead.add(deadLetters.refusal(now, gatewayId, topic, IngestReason.TOO_MANY_SERIES.name(), "record "
                        + r.index() + ": " + r.deviceId() + "/" + r.channel() + " would be a new series of gateway "
                        + gatewayId + ", which has " + budget.max()
                        + " (hanedge.fleet.ingest.max-series-per-gateway)", RecordPayload.of(gatewayId, r)));
                continue;
            }
            if (!dedup.claim(gatewayId, r.seq())) { // claimed meanwhile by another message with the same seq
                duplicates++;
                continue;
            }
            seqs[claimed++] = r.seq();
            ChannelSpec spec = checker.channel(profileId, r.channel()).orElseThrow();
            readings.add(reading(gatewayId, r, spec));
        }
        return new MessageOutcome(gatewayId, readings, java.util.Arrays.copyOf(seqs, claimed), null, dead, duplicates,
                readings.size());
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    private static StoredReading reading(String gatewayId, SenmlRecord r, ChannelSpec spec) {
        double n = r.numeric();
        Double num = Double.isNaN(n) ? null : n;
        return new StoredReading(gatewayId, r.deviceId(), r.channel(), spec.unit(), spec.kind(), r.timeMillis(),
                r.seq(), num, r.text(), r.quality());
    }
}
