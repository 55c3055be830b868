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

    public void markReplayed(long id, long at, String outcome, String detail) {
        jdbc.sql("UPDATE dead_letter SET replayed_at = ?, replay_outcome = ?, replay_detail = ? WHERE id = ?")
                .params(at, outcome, detail, id).update();
    }

    /** Deletes those received before the cutoff; returns how many. */
    public int deleteReceivedBefore(long cutoffMillis) {
        return jdbc.sql("DELETE FROM dead_letter WHERE received_at < ?").param(cutoffMillis).update();
    }

    /** Keeps the newest {@code max} (by id); returns how many were deleted. */
    public int deleteBeyond(int max) {
        Optional<Long> oldestKept = jdbc.sql("SELECT id FROM dead_letter ORDER BY id DESC LIMIT 1 OFFSET ?")
                .param(max - 1).query(Long.class).optional();
        return oldestKept.map(id -> jdbc.sql("DELETE FROM dead_letter WHERE id < ?").param(id).update()).orElse(0);
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
            c.add(f.resolved() ? RESOLVED : "(replay_outcome IS NULL OR NOT " + RESOLVED + ")");
        }
        return new Where(c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c), p);
    }
}
