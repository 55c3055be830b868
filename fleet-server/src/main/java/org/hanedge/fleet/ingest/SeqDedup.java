package org.hanedge.fleet.ingest;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Drops repeats of (gateway, seq). The numbers already stored are kept per gateway as runs, loaded from
 * {@code ingest_seq} on the gateway's first message after a start and extended as messages are accepted; the
 * writer stores each accepted message's runs in the same transaction as its data, so a restart forgets nothing.
 */
@Component
public class SeqDedup {
    private final JdbcClient jdbc;
    private final Map<String, SeqRuns> seen = new ConcurrentHashMap<>();

    public SeqDedup(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Claims seq for the gateway: true if it is new (and from now on a repeat), false if already seen. */
    public boolean claim(String gatewayId, long seq) {
        SeqRuns runs = runsOf(gatewayId);
        synchronized (runs) {
            return runs.add(seq);
        }
    }

    /**
     * Whether seq of the gateway was already claimed (stored or on its way), without claiming it. A record that is
     * refused is checked with this and never claimed, so it can be stored later (a dead letter's replay).
     */
    public boolean seen(String gatewayId, long seq) {
        SeqRuns runs = runsOf(gatewayId);
        synchronized (runs) {
            return runs.contains(seq);
        }
    }

    private SeqRuns runsOf(String gatewayId) {
        return seen.computeIfAbsent(gatewayId, this::load);
    }

    private SeqRuns load(String gatewayId) {
        SeqRuns runs = new SeqRuns();
        List<long[]> rows = jdbc.sql("SELECT seq_from, seq_to FROM ingest_seq WHERE gateway_id = ?").param(gatewayId)
                .query((rs, n) -> new long[] { rs.getLong(1), rs.getLong(2) }).list();
        rows.forEach(r -> runs.addRun(r[0], r[1]));
        return runs;
    }
}
