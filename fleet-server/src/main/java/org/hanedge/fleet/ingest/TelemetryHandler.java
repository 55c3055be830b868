package org.hanedge.fleet.ingest;

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
import org.hanedge.gateway.api.profile.ValueKind;
import org.springframework.stereotype.Component;

/**
 * A telemetry message: decoded, every record checked against the device's profile and deduplicated by
 * (gateway, seq); good records go to storage, each bad one (or the whole message, if unreadable) to dead letter.
 */
@Component
public class TelemetryHandler {
    static final int MAX_ID = 64;
    static final int MAX_TEXT = 1024;

    private final SenmlDecoder decoder;
    private final RecordChecker checker;
    private final GatewayDirectory directory;
    private final SeqDedup dedup;
    private final DeadLetters deadLetters;
    private final IngestMetrics metrics;
    private final IngestWriter writer;
    private final Clock clock;

    public TelemetryHandler(SenmlDecoder decoder, RecordChecker checker, GatewayDirectory directory,
            SeqDedup dedup, DeadLetters deadLetters, IngestMetrics metrics,
            IngestWriter writer, Clock clock) {
        this.decoder = decoder;
        this.checker = checker;
        this.directory = directory;
        this.dedup = dedup;
        this.deadLetters = deadLetters;
        this.metrics = metrics;
        this.writer = writer;
        this.clock = clock;
    }

    public void handle(String gatewayId, String topic, byte[] payload, String contentType, Runnable ack) {
        long now = clock.millis();
        DecodedPack pack;
        try {
            pack = decoder.decode(gatewayId, payload, SenmlFormat.detect(contentType, payload), now);
        } catch (SenmlFormatException e) {
            writer.submit(IngestItem.deadLetter(
                    deadLetters.of(now, gatewayId, topic, e.reason().name(), e.detail(), payload), ack));
            return;
        }
        List<DeadLetter> dead = new ArrayList<>();
        for (RecordProblem p : pack.problems()) {
            dead.add(deadLetters.of(now, gatewayId, topic, p.reason().name(), p.detail(), p.recordText()));
        }
        List<StoredReading> readings = new ArrayList<>(pack.records().size());
        long[] seqs = new long[pack.records().size()];
        int claimed = 0;
        for (SenmlRecord r : pack.records()) {
            if (!dedup.claim(gatewayId, r.seq())) {
                metrics.duplicate();
                continue;
            }
            seqs[claimed++] = r.seq();
            if (r.deviceId().length() > MAX_ID || (r.text() != null && r.text().length() > MAX_TEXT)) {
                dead.add(deadLetters.of(now, gatewayId, topic, "BAD_RECORD", "record " + r.index() + ": "
                        + (r.deviceId().length() > MAX_ID ? "device id longer than " + MAX_ID + " characters"
                                : "vs longer than " + MAX_TEXT + " characters"), r.describe()));
                continue;
            }
            String profileId = directory.profileOf(gatewayId, r.deviceId());
            Optional<RecordProblem> problem = checker.check(gatewayId, d -> profileId, r, now);
            if (problem.isPresent()) {
                RecordProblem p = problem.get();
                dead.add(deadLetters.of(now, gatewayId, topic, p.reason().name(), p.detail(), p.recordText()));
                continue;
            }
            ChannelSpec spec = checker.channel(profileId, r.channel()).orElseThrow();
            readings.add(reading(gatewayId, r, spec));
        }
        writer.submit(new IngestItem(gatewayId, readings, dead, java.util.Arrays.copyOf(seqs, claimed), null, ack));
    }

    private static StoredReading reading(String gatewayId, SenmlRecord r, ChannelSpec spec) {
        double n = r.numeric();
        Double num = Double.isNaN(n) ? null : n;
        ValueKind kind = spec.kind();
        return new StoredReading(gatewayId, r.deviceId(), r.channel(), spec.unit(), kind, r.timeMillis(), r.seq(), num,
                r.text(), r.quality());
    }
}
