package org.hanedge.fleet.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads, marks and deletes {@code dead_letter} rows (the ingest writer inserts them). */
@Repository
public class DeadLetterRepository {
    private static final String COLUMNS = "id, received_at, gateway_id, topic, reason, detail, payload_size,"
            + " replayed_at, replay_outcome, replay_detail";
    private static final String RESOLVED = "replay_outcome IN ('STORED', 'DUPLICATE')";
    static final int DELETE_BATCH = 5000;

    private final JdbcClient jdbc;

    public DeadLetterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Newest first. */
    public List<StoredDeadLetter> page(DeadLetterFilter f, int page, int size) {
        Where w = where(f);
        List<Object> params = new ArrayList<>(w.params);
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter" + w.sql + " ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(params).query((rs, n) -> row(rs, false)).list();
    }

    public long count(DeadLetterFilter f) {
        Where w = where(f);
        return jdbc.sql("SELECT COUNT(*) FROM dead_letter" + w.sql).params(w.params).query(Long.class).single();
    }

    /** Ids of the matching dead letters not yet resolved, oldest first, at most {@code limit}. */
    public List<Long> unresolvedIds(DeadLetterFilter f, int limit) {
        Where w = where(new DeadLetterFilter(f.gateway(), f.reason(), f.from(), f.to(), false));
        List<Object> params = new ArrayList<>(w.params);
        params.add(limit);
        return jdbc.sql("SELECT id FROM dead_letter" + w.sql + " ORDER BY id LIMIT ?").params(params)
                .query(Long.class).list();
    }

    public Optional<StoredDeadLetter> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + ", payload FROM dead_letter WHERE id = ?").param(id)
                .query((rs, n) -> row(rs, true)).optional();
    }

    /** Records a replay's outcome; false when the dead letter no longer exists (deleted by the retention). */
    public boolean markReplayed(long id, long at, String outcome, String detail) {
        return 1 == jdbc.sql("UPDATE dead_letter SET replayed_at = ?, replay_outcome = ?, replay_detail = ? WHERE id = ?")
                .params(at, outcome, detail, id).update();
    }

    /** All dead letters. */
    public long countAll() {
        return jdbc.sql("SELECT COUNT(*) FROM dead_letter").query(Long.class).single();
    }

    /**
     * Deletes the resolved (or the unresolved) dead letters received before the cutoff, in batches of
     * {@value #DELETE_BATCH} (short transactions: a replay marking one of them waits for a batch, not for all);
     * returns how many.
     */
    public int deleteReceivedBefore(long cutoffMillis, boolean resolved) {
        return deleteInBatches("received_at < ? AND " + resolvedCondition(resolved), List.of(cutoffMillis),
                Long.MAX_VALUE);
    }

    /** Deletes the oldest (by id) {@code count} resolved (or unresolved) dead letters, in batches; returns how many. */
    public int deleteOldest(boolean resolved, long count) {
        return deleteInBatches(resolvedCondition(resolved), List.of(), count);
    }

    private int deleteInBatches(String condition, List<Object> params, long max) {
        int deleted = 0;
        while (deleted < max) {
            List<Object> p = new ArrayList<>(params);
            p.add((int) Math.min(DELETE_BATCH, max - deleted));
            int n = jdbc.sql("DELETE FROM dead_letter WHERE id IN (SELECT id FROM dead_letter WHERE " + condition
                    + " ORDER BY id LIMIT ?)").params(p).update();
            deleted += n;
            if (n == 0) {
                break;
            }
        }
        return deleted;
    }

    private static String resolvedCondition(boolean resolved) {
        return resolved ? RESOLVED : "(replay_outcome IS NULL OR NOT " + RESOLVED + ")";
    }

    private static StoredDeadLetter row(ResultSet rs, boolean payload) throws SQLException {
        return new StoredDeadLetter(rs.getLong("id"), rs.getLong("received_at"), rs.getString("gateway_id"),
                rs.getString("topic"), rs.getString("reason"), rs.getString("detail"), rs.getInt("payload_size"),
                payload ? rs.getString("payload") : null, rs.getObject("replayed_at", Long.class),
                rs.getString("replay_outcome"), rs.getString("replay_detail"));
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(DeadLetterFilter f) {
        List<String> c = new ArrayList<>();
        List<Object> p = new ArrayList<>();
        if (f.gateway() != null) {
            c.add("gateway_id = ?");
            p.add(f.gateway());
        }
        if (f.reason() != null) {
            c.add("reason = ?");
            p.add(f.reason());
        }
        if (f.from() != null) {
            c.add("received_at >= ?");
            p.add(f.from().toEpochMilli());
        }
        if (f.to() != null) {
            c.add("received_at < ?");
            p.add(f.to().toEpochMilli());
        }
        if (f.resolved() != null) {
            c.add(resolvedCondition(f.resolved()));
        }
        return new Where(c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c), p);
    }
}
