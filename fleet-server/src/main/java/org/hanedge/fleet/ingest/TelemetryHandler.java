package org.hanedge.fleet.ingest;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.contract.mqtt.SeqRange;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.RecordProblem;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlException;
import org.hanedge.contract.senml.SenmlFormat;
import org.hanedge.contract.senml.SenmlProblem;
import org.hanedge.fleet.ingest.senml.Checked;
import org.hanedge.fleet.ingest.senml.DeadLetterReason;
import org.hanedge.fleet.ingest.senml.RecordChecker;
import org.hanedge.fleet.ingest.senml.Refusal;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.hanedge.fleet.telemetry.store.StoredReading;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.springframework.stereotype.Component;

/**
 * A telemetry message: decoded by the contract's {@link SenmlDecoder} (any RFC 8428 pack, JSON, CBOR or the thin
 * form; decoder problems map onto {@link DeadLetterReason}s), every record checked against the devices the gateway announced (its birth) and
 * their profiles, bounded by the gateway's series limit, and deduplicated by (gateway, seq); good records go to
 * storage, each bad one (or the whole message, if unreadable) to dead letter. A refused record never claims its
 * seq, so it can be stored later by a replay of its dead letter, once; its dead letter carries the record as a
 * self-contained SenML pack ({@link RecordPayload}).
 */
@Component
public class TelemetryHandler {
    static final int MAX_ID = 64;

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

    /**
     * @param seq the message's {@code seq} user property, or null: the sequence number of a first record without
     *            one (packs of other SenML producers carry no per-record {@code seq})
     */
    public void handle(String gatewayId, String topic, byte[] payload, String contentType, Long seq, Runnable ack) {
        MessageOutcome o = evaluate(gatewayId, topic, payload, contentType, seq);
        o.refused().forEach(deadLetters::count);
        for (int i = 0; i < o.duplicates(); i++) {
            metrics.duplicate();
        }
        writer.submit(o.item(o.refused(), ack));
    }

    /** {@link #evaluate(String, String, byte[], String, Long)} without a {@code seq} user property (replays). */
    public MessageOutcome evaluate(String gatewayId, String topic, byte[] payload, String contentType) {
        return evaluate(gatewayId, topic, payload, contentType, null);
    }

    /** Reads and checks a message; claims the seq of every accepted record. Writes nothing. */
    public MessageOutcome evaluate(String gatewayId, String topic, byte[] payload, String contentType, Long seq) {
        long now = clock.millis();
        DecodedPack pack;
        try {
            if (payload != null && payload.length > decoder.maxPackBytes()) { // before anything reads it
                throw new SenmlException(SenmlProblem.OVERSIZED, "payload is " + payload.length
                        + " bytes, over the limit of " + decoder.maxPackBytes());
            }
            SeqRange userSeq = seq == null || !SeqRange.isValidSeq(seq) ? null : new SeqRange(seq, 1);
            pack = decoder.decode(gatewayId, payload, SenmlFormat.detect(contentType, payload), now, userSeq);
        } catch (SenmlException e) {
            String detail = e.problem() == SenmlProblem.OVERSIZED
                    ? e.getMessage() + " (hanedge.fleet.ingest.max-message-bytes)" : e.getMessage();
            return MessageOutcome.refused(deadLetters.refusal(now, gatewayId, topic,
                    DeadLetterReason.of(e.problem()).name(), detail, payload));
        }
        List<DeadLetter> dead = new ArrayList<>();
        for (RecordProblem p : pack.problems()) {
            dead.add(deadLetters.refusal(now, gatewayId, topic, DeadLetterReason.of(p.problem()).name(), p.detail(),
                    bytes(p.recordText())));
        }
        List<StoredReading> readings = new ArrayList<>(pack.records().size());
        long[] seqs = new long[pack.records().size()];
        int claimed = 0;
        int duplicates = 0;
        for (DecodedPack.Decoded d : pack.records()) {
            Sample r = d.sample();
            if (dedup.seen(gatewayId, r.seq())) {
                duplicates++;
                continue;
            }
            if (r.device().length() > MAX_ID) {
                dead.add(deadLetters.refusal(now, gatewayId, topic, DeadLetterReason.BAD_RECORD.name(), "record "
                        + d.index() + ": device id longer than " + MAX_ID + " characters", bytes(r.describe())));
                continue;
            }
            String profileId = directory.profileOf(gatewayId, r.device());
            Checked checked = checker.check(gatewayId, profileId, d, now);
            if (checked instanceof Checked.Refused refused) {
                Refusal p = refused.refusal();
                dead.add(deadLetters.refusal(now, gatewayId, topic, p.reason().name(), p.detail(),
                        RecordPayload.of(gatewayId, r)));
                continue;
            }
            Checked.Accepted accepted = (Checked.Accepted) checked;
            if (!budget.admit(gatewayId, r.device(), r.channel())) {
                dead.add(deadLetters.refusal(now, gatewayId, topic, IngestReason.TOO_MANY_SERIES.name(), "record "
                        + d.index() + ": " + r.device() + "/" + r.channel() + " would be a new series of gateway "
                        + gatewayId + ", which has " + budget.max()
                        + " (hanedge.fleet.ingest.max-series-per-gateway)", RecordPayload.of(gatewayId, r)));
                continue;
            }
            if (!dedup.claim(gatewayId, r.seq())) { // claimed meanwhile by another message with the same seq
                duplicates++;
                continue;
            }
            seqs[claimed++] = r.seq();
            readings.add(reading(gatewayId, accepted.sample(), accepted.spec()));
        }
        return new MessageOutcome(gatewayId, readings, java.util.Arrays.copyOf(seqs, claimed), null, dead, duplicates,
                readings.size());
    }

    private static byte[] bytes(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code r} is in the channel's unit ({@link RecordChecker}). */
    private static StoredReading reading(String gatewayId, Sample r, ChannelSpec spec) {
        double n = r.numeric();
        Double num = Double.isNaN(n) ? null : n;
        return new StoredReading(gatewayId, r.device(), r.channel(), spec.unit(), spec.kind(), r.timeMillis(),
                r.seq(), num, r.text(), r.quality());
    }
}
