package org.hanedge.fleet.ingest;

import java.util.Arrays;
import java.util.List;

import org.hanedge.fleet.telemetry.store.StoredReading;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Dedup across servers. With an external broker several servers share one database, and a gateway's repeat (a
 * resend after a reconnect) may reach a server whose {@link SeqDedup} loaded that gateway's runs before another
 * server stored the original. Run inside the write transaction, this drops from an item the sequence numbers
 * already in {@code ingest_seq}, with their readings (and the item's action once all its numbers are gone). Two
 * servers writing the same numbers at the same time collide on the {@code ingest_seq} key; the writer's retry then
 * sees the committed row here.
 */
final class StoredSeqFilter {
    private StoredSeqFilter() {
    }

    /** The item without what is already stored; the same item if nothing is. */
    static IngestItem withoutStored(JdbcTemplate jdbc, IngestItem item) {
        long[] seqs = item.seqs();
        if (seqs.length == 0) {
            return item;
        }
        long min = Arrays.stream(seqs).min().getAsLong();
        long max = Arrays.stream(seqs).max().getAsLong();
        SeqRuns stored = new SeqRuns();
        jdbc.query("SELECT seq_from, seq_to FROM ingest_seq WHERE gateway_id = ? AND seq_from <= ? AND seq_to >= ?",
                rs -> {
                    stored.addRun(rs.getLong(1), rs.getLong(2));
                }, item.gatewayId(), max, min);
        if (stored.size() == 0) {
            return item;
        }
        long[] fresh = Arrays.stream(seqs).filter(s -> !stored.contains(s)).toArray();
        if (fresh.length == seqs.length) {
            return item;
        }
        List<StoredReading> readings = item.readings().stream().filter(r -> !stored.contains(r.seq())).toList();
        return new IngestItem(item.gatewayId(), readings, item.deadLetters(), fresh,
                fresh.length == 0 ? null : item.action(), item.onCommitted());
    }
}
