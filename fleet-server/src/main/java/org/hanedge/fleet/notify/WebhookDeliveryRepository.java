package org.hanedge.fleet.notify;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code webhook_delivery} table (portable SQL). */
@Repository
public class WebhookDeliveryRepository {
    private static final String COLUMNS = "id, delivery_id, hook, event_type, alarm_id, body, state, attempts, "
            + "created_at, next_attempt_at, last_attempt_at, last_status, last_error, done_at";

    private final JdbcClient jdbc;

    public WebhookDeliveryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void insert(String deliveryId, String hook, String event, long alarmId, String body, long now) {
        jdbc.sql("""
                INSERT INTO webhook_delivery (delivery_id, hook, event_type, alarm_id, body, state, attempts,
                                              created_at, next_attempt_at)
                VALUES (?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
                .params(deliveryId, hook, event, alarmId, body, now, now).update();
    }

    /** PENDING deliveries due at {@code now}, oldest due first. */
    List<WebhookDelivery> due(long now, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_delivery WHERE state = 'PENDING' AND next_attempt_at <= ? "
                        + "ORDER BY next_attempt_at, id LIMIT ?")
                .params(now, limit).query(WebhookDeliveryRepository::row).list();
    }

    /**
     * Takes a due delivery for one attempt by moving its due time to {@code leaseUntil} (another server instance
     * then skips it; should this one die mid-attempt, the delivery is due again after the lease).
     *
     * @return false when someone else took it first
     */
    boolean claim(WebhookDelivery d, long leaseUntil) {
        return jdbc.sql("UPDATE webhook_delivery SET next_attempt_at = ? "
                        + "WHERE id = ? AND state = 'PENDING' AND next_attempt_at = ?")
                .params(leaseUntil, d.id(), d.nextAttemptAt()).update() == 1;
    }

    void delivered(long id, int attempts, long at, int status) {
        jdbc.sql("UPDATE webhook_delivery SET state = 'DELIVERED', attempts = ?, last_attempt_at = ?, last_status = ?, "
                        + "last_error = NULL, done_at = ? WHERE id = ?")
                .params(attempts, at, status, at, id).update();
    }

    void retry(long id, int attempts, long at, Integer status, String error, long nextAttemptAt) {
        jdbc.sql("UPDATE webhook_delivery SET attempts = ?, last_attempt_at = ?, last_status = ?, last_error = ?, "
                        + "next_attempt_at = ? WHERE id = ?")
                .params(attempts, at, status, cut(error), nextAttemptAt, id).update();
    }

    void failed(long id, int attempts, long at, Integer status, String error) {
        jdbc.sql("UPDATE webhook_delivery SET state = 'FAILED', attempts = ?, last_attempt_at = ?, last_status = ?, "
                        + "last_error = ?, done_at = ? WHERE id = ?")
                .params(attempts, at, status, cut(error), at, id).update();
    }

    /** The deliveries of an alarm, oldest first. */
    public List<WebhookDelivery> forAlarm(long alarmId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_delivery WHERE alarm_id = ? ORDER BY id")
                .param(alarmId).query(WebhookDeliveryRepository::row).list();
    }

    public Optional<WebhookDelivery> find(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM webhook_delivery WHERE id = ?")
                .param(id).query(WebhookDeliveryRepository::row).optional();
    }

    private static String cut(String s) {
        return s == null || s.length() <= 500 ? s : s.substring(0, 500);
    }

    private static WebhookDelivery row(ResultSet rs, int n) throws SQLException {
        return new WebhookDelivery(rs.getLong("id"), rs.getString("delivery_id"), rs.getString("hook"),
                rs.getString("event_type"), rs.getLong("alarm_id"), rs.getString("body"),
                DeliveryState.valueOf(rs.getString("state")), rs.getInt("attempts"), rs.getLong("created_at"),
                rs.getLong("next_attempt_at"), rs.getObject("last_attempt_at", Long.class),
                rs.getObject("last_status", Integer.class), rs.getString("last_error"),
                rs.getObject("done_at", Long.class));
    }
}
