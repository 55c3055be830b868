package org.hanedge.fleet.ingest;

import java.util.List;
import java.util.function.Consumer;

import org.hanedge.fleet.telemetry.store.StoredReading;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * One message's worth of work for the {@link IngestWriter}: readings to store, dead letters, sequence numbers to
 * remember, an optional database action (alarm, event, presence), and what to do once it is committed (the MQTT
 * acknowledgement).
 */
public record IngestItem(String gatewayId, List<StoredReading> readings, List<DeadLetter> deadLetters, long[] seqs,
        Consumer<JdbcClient> action, Runnable onCommitted) {
    public IngestItem {
        readings = List.copyOf(readings);
        deadLetters = List.copyOf(deadLetters);
    }

    public static IngestItem action(String gatewayId, long[] seqs, Consumer<JdbcClient> action, Runnable onCommitted) {
        return new IngestItem(gatewayId, List.of(), List.of(), seqs, action, onCommitted);
    }

    public static IngestItem deadLetter(DeadLetter d, Runnable onCommitted) {
        return new IngestItem(d.gatewayId(), List.of(), List.of(d), new long[0], null, onCommitted);
    }
}
