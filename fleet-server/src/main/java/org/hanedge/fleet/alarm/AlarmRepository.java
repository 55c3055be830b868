package org.hanedge.fleet.alarm;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code alarm} and {@code alarm_history} tables (portable SQL). */
@Repository
public class AlarmRepository {
    private static final String COLUMNS = "id, gateway_id, device_id, channel, alarm_key, severity, state, source, "
            + "message, alarm_value, limit_value, raised_at, cleared_at, acknowledged_at, acknowledged_by, ack_comment";

    private final JdbcClient jdbc;

    public AlarmRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A row with this key that is open, or that was raised by this seq (a replayed raise); newest first. */
    Optional<AlarmDto> findOpenOrRaisedBy(String gatewayId, String key, Long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm WHERE gateway_id = ? AND alarm_key = ? "
                        + "AND (state = 'RAISED' OR raise_seq = ?) ORDER BY id DESC")
                .param(gatewayId).param(key).param(seq)
                .query(AlarmRepository::row).stream().findFirst();
    }

    /** A row cleared by this seq (a replayed clear). */
    Optional<AlarmDto> findClearedBy(String gatewayId, String key, long seq) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm WHERE gateway_id = ? AND alarm_key = ? AND clear_seq = ?")
                .param(gatewayId).param(key).param(seq)
                .query(AlarmRepository::row).stream().findFirst();
    }

    long insert(String gatewayId, String deviceId, String channel, String key, String severity, AlarmSource source,
            String message, Double value, Double limit, long raisedAt, Long seq) {
        KeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("""
                INSERT INTO alarm (gateway_id, device_id, channel, alarm_key, severity, state, source, message,
                                   alarm_value, limit_value, raised_at, raise_seq)
                VALUES (?, ?, ?, ?, ?, 'RAISED', ?, ?, ?, ?, ?, ?)""")
                .params(gatewayId, deviceId, channel, key, severity, source.name(), message, value, limit, raisedAt,
                        seq)
                .update(keys, "id");
        return keys.getKey().longValue();
    }

    /** Clears the newest open alarm with the key; its id, or empty when none was open. */
    Optional<Long> clearOpen(String gatewayId, String key, long clearedAt, Long seq) {
        Optional<Long> open = jdbc.sql("SELECT id FROM alarm WHERE gateway_id = ? AND alarm_key = ? AND state = 'RAISED' "
                        + "ORDER BY id DESC")
                .param(gatewayId).param(key).query(Long.class).stream().findFirst();
        open.ifPresent(id -> jdbc.sql("UPDATE alarm SET state = 'CLEARED', cleared_at = ?, clear_seq = ? WHERE id = ?")
                .params(clearedAt, seq, id).update());
        return open;
    }

    Optional<AlarmDto> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm WHERE id = ?").param(id)
                .query(AlarmRepository::row).optional();
    }

    /** Sets the acknowledgement unless there is one already; true when this call set it. */
    boolean acknowledge(long id, String user, String comment, long at) {
        return jdbc.sql("UPDATE alarm SET acknowledged_at = ?, acknowledged_by = ?, ack_comment = ? "
                        + "WHERE id = ? AND acknowledged_at IS NULL")
                .params(at, user, comment, id).update() == 1;
    }

    void insertHistory(long alarmId, AlarmEventType type, long at, String actor, String note, AlarmDto alarm) {
        jdbc.sql("""
                INSERT INTO alarm_history (alarm_id, event_type, event_time, actor, note, severity, alarm_value, message)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(alarmId, type.name(), at, actor, note, alarm.severity(), alarm.value(), alarm.message())
                .update();
    }

    /** The alarm's transitions, oldest first. */
    List<AlarmHistoryDto> history(long alarmId) {
        return jdbc.sql("SELECT id, event_type, event_time, actor, note, severity, alarm_value, message "
                        + "FROM alarm_history WHERE alarm_id = ? ORDER BY id")
                .param(alarmId)
                .query((rs, n) -> new AlarmHistoryDto(rs.getLong("id"), AlarmEventType.valueOf(rs.getString("event_type")),
                        instant(rs, "event_time"), rs.getString("actor"), rs.getString("note"), rs.getString("severity"),
                        dbl(rs, "alarm_value"), rs.getString("message")))
                .list();
    }

    /** (gateway, key) of every open alarm from that source. */
    Set<OpenAlarm> open(AlarmSource source) {
        return new HashSet<>(jdbc.sql("SELECT gateway_id, alarm_key FROM alarm WHERE state = 'RAISED' AND source = ?")
                .param(source.name())
                .query((rs, n) -> new OpenAlarm(rs.getString("gateway_id"), rs.getString("alarm_key"))).list());
    }

    List<AlarmDto> list(AlarmFilter filter, long offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT " + COLUMNS + " FROM alarm" + where + " ORDER BY raised_at DESC, id DESC LIMIT ? OFFSET ?")
                .params(params).query(AlarmRepository::row).list();
    }

    long count(AlarmFilter filter) {
        List<Object> params = new ArrayList<>();
        return jdbc.sql("SELECT COUNT(*) FROM alarm" + where(filter, params)).params(params)
                .query(Long.class).single();
    }

    private static String where(AlarmFilter f, List<Object> params) {
        List<String> c = new ArrayList<>();
        if (f.state() != null) {
            c.add("state = ?");
            params.add(f.state().name());
        }
        if (f.acknowledged() != null) {
            c.add(f.acknowledged() ? "acknowledged_at IS NOT NULL" : "acknowledged_at IS NULL");
        }
        if (f.gateway() != null) {
            c.add("gateway_id = ?");
            params.add(f.gateway());
        }
        if (f.severity() != null) {
            c.add("severity = ?");
            params.add(f.severity());
        }
        if (f.from() != null) {
            c.add("raised_at >= ?");
            params.add(f.from().toEpochMilli());
        }
        if (f.to() != null) {
            c.add("raised_at < ?");
            params.add(f.to().toEpochMilli());
        }
        return c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c);
    }

    private static AlarmDto row(ResultSet rs, int n) throws SQLException {
        Instant ackAt = instant(rs, "acknowledged_at");
        return new AlarmDto(rs.getLong("id"), rs.getString("gateway_id"), rs.getString("device_id"),
                rs.getString("channel"), rs.getString("alarm_key"), rs.getString("severity"),
                AlarmState.valueOf(rs.getString("state")), AlarmSource.valueOf(rs.getString("source")),
                rs.getString("message"), dbl(rs, "alarm_value"), dbl(rs, "limit_value"), instant(rs, "raised_at"),
                instant(rs, "cleared_at"), ackAt != null, ackAt, rs.getString("acknowledged_by"),
                rs.getString("ack_comment"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static Double dbl(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
