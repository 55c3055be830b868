package org.hanedge.fleet.command;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.hanedge.fleet.api.PageDto;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The record of every command sent to a gateway (table {@code gateway_command}): the one place commands are
 * recorded, from being sent to the gateway's answer, a time-out, or a late answer. (An audit log hooks in here.)
 */
@Component
public class CommandLog {
    /** Status of a command sent and not answered yet. */
    public static final String SENT = "SENT";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String NOT_DELIVERED = "NOT_DELIVERED";
    private static final String COLUMNS = "id, gateway_id, device, channel, write_value, operator, reason, sent_at,"
            + " status, answer_reason, answered_at, timed_out_at";

    private final JdbcClient jdbc;

    public CommandLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A command about to be published: status {@code SENT}. */
    public void sent(String id, String gatewayId, String device, String channel, Object value, String operator,
            String reason, long sentAt) {
        jdbc.sql("INSERT INTO gateway_command (id, gateway_id, device, channel, write_value, operator, reason,"
                + " sent_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, gatewayId, device, channel, String.valueOf(value), operator, reason, sentAt, SENT)
                .update();
    }

    /**
     * The gateway's answer, in time or late (after {@link #timedOut}); ignored for a command already answered (a
     * second copy) and for an id of another gateway. Returns whether it was recorded.
     */
    public boolean answered(String id, String gatewayId, String status, String reason, long answeredAt) {
        return 1 == jdbc.sql("UPDATE gateway_command SET status = ?, answer_reason = ?, answered_at = ?"
                + " WHERE id = ? AND gateway_id = ? AND status IN ('" + SENT + "', '" + TIMED_OUT + "')")
                .params(status, clip(reason, 1000), answeredAt, id, gatewayId).update();
    }

    /** The server stopped waiting; the status becomes {@code TIMED_OUT} unless an answer was recorded meanwhile. */
    public void timedOut(String id, long at) {
        jdbc.sql("UPDATE gateway_command SET timed_out_at = ?, status = CASE WHEN status = '" + SENT + "' THEN '"
                + TIMED_OUT + "' ELSE status END WHERE id = ?").params(at, id).update();
    }

    /** The command never reached the gateway (the broker had no subscriber for it, or the publish failed). */
    public void notDelivered(String id, String why, long at) {
        jdbc.sql("UPDATE gateway_command SET status = ?, answer_reason = ?, answered_at = ? WHERE id = ?"
                + " AND status = '" + SENT + "'").params(NOT_DELIVERED, clip(why, 1000), at, id).update();
    }

    public Optional<CommandDto> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM gateway_command WHERE id = ?").param(id)
                .query((rs, n) -> row(rs)).optional();
    }

    /** A gateway's commands, newest first. */
    public PageDto<CommandDto> list(String gatewayId, int page, int size) {
        List<CommandDto> items = jdbc.sql("SELECT " + COLUMNS + " FROM gateway_command WHERE gateway_id = ?"
                + " ORDER BY sent_at DESC, id DESC LIMIT ? OFFSET ?").params(gatewayId, size, (long) page * size)
                .query((rs, n) -> row(rs)).list();
        long total = jdbc.sql("SELECT COUNT(*) FROM gateway_command WHERE gateway_id = ?").param(gatewayId)
                .query(Long.class).single();
        return new PageDto<>(items, page, size, total);
    }

    private static CommandDto row(ResultSet rs) throws SQLException {
        return new CommandDto(rs.getString("id"), rs.getString("gateway_id"), rs.getString("device"),
                rs.getString("channel"), value(rs.getString("write_value")), rs.getString("operator"),
                rs.getString("reason"), instant(rs, "sent_at"), rs.getString("status"),
                rs.getString("answer_reason"), instant(rs, "answered_at"), instant(rs, "timed_out_at"), null);
    }

    /** The stored JSON value back: a boolean or a number. */
    static Object value(String s) {
        if ("true".equals(s) || "false".equals(s)) {
            return Boolean.valueOf(s);
        }
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(v);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max - 3) + "...";
    }
}
