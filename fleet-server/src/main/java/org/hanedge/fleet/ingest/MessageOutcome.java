package org.hanedge.fleet.ingest;

import java.util.List;
import java.util.function.Consumer;

import org.hanedge.fleet.telemetry.store.StoredReading;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What one message yields once read and checked, before anything is written: the readings (or the event action)
 * to store with the sequence numbers they claimed, what was refused, and how many records were repeats. The live
 * path writes the refusals as dead letters; a replay writes only what is accepted and reports the rest.
 *
 * @param accepted readings to store, or 1 for an event/alarm action
 */
public record MessageOutcome(String gatewayId, List<StoredReading> readings, long[] seqs, Consumer<JdbcClient> action,
        List<DeadLetter> refused, int duplicates, int accepted) {
    public MessageOutcome {
        readings = List.copyOf(readings);
        refused = List.copyOf(refused);
    }

    static MessageOutcome refused(DeadLetter d) {
        return new MessageOutcome(d.gatewayId(), List.of(), new long[0], null, List.of(d), 0, 0);
    }

    static MessageOutcome duplicate(String gatewayId) {
        return new MessageOutcome(gatewayId, List.of(), new long[0], null, List.of(), 1, 0);
    }

    /** The writer's work: what was accepted, with these dead letters. */
    IngestItem item(List<DeadLetter> deadLetters, Runnable onCommitted) {
        return new IngestItem(gatewayId, readings, deadLetters, seqs, action, onCommitted);
    }

    /** Whether the writer has anything to do for a replay (accepted data or claimed numbers). */
    boolean writes() {
        return !readings.isEmpty() || action != null || seqs.length > 0;
    }
}
