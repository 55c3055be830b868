package org.hanedge.fleet.ingest;

import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The writer stores one {@code ingest_seq} row per message; this merges each gateway's rows into runs every few
 * minutes (only rows already in the database, so numbers still in flight are never marked as stored).
 */
@Component
public class SeqCompaction {
    static final int THRESHOLD = 32;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;

    public SeqCompaction(JdbcTemplate jdbc, PlatformTransactionManager txManager) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
    }

    @Scheduled(initialDelay = 30_000, fixedDelay = 300_000)
    public void run() {
        List<String> gateways = jdbc.queryForList(
                "SELECT gateway_id FROM ingest_seq GROUP BY gateway_id HAVING COUNT(*) > ?", String.class, THRESHOLD);
        gateways.forEach(this::compact);
    }

    /** Merges one gateway's rows; returns the number of rows left. */
    public int compact(String gatewayId) {
        Integer left = tx.execute(s -> {
            SeqRuns runs = new SeqRuns();
            List<Object[]> read = new java.util.ArrayList<>();
            jdbc.query("SELECT seq_from, seq_to FROM ingest_seq WHERE gateway_id = ?",
                    rs -> {
                        runs.addRun(rs.getLong(1), rs.getLong(2));
                        read.add(new Object[] { gatewayId, rs.getLong(1) });
                    }, gatewayId);
            // exactly the rows read: rows the writer adds meanwhile stay
            jdbc.batchUpdate("DELETE FROM ingest_seq WHERE gateway_id = ? AND seq_from = ?", read);
            jdbc.batchUpdate("INSERT INTO ingest_seq (gateway_id, seq_from, seq_to) VALUES (?, ?, ?)",
                    runs.runs().stream().map(r -> new Object[] { gatewayId, r[0], r[1] }).toList());
            return runs.size();
        });
        return left == null ? 0 : left;
    }
}
