package org.hanedge.fleet.command;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The record of every command sent to a gateway (table {@code gateway_command}): the one place commands are
 * recorded, from being sent to the gateway's answer, a time-out, or a late answer; each step is written to the audit
 * log in the same transaction ({@code COMMAND_SENT} by the operator, {@code COMMAND_ANSWERED} by the gateway, or by
 * the server for a time-out or a command that never reached the gateway).
 */
@Component
public class CommandLog {
    /** Status of a command sent and not answered yet. */
    public static final String SENT = "SENT";
    public static final String TIMED_OUT = "TIMED_OUT";
    public static final String NOT_DELIVERED = "NOT_DELIVERED";
    private static final String COLUMNS = "id, gateway_id, device, channel, write_value, operator, reason, sent_at,"
            + " status, answer_reason, answered_at, timed_out_at";

    private static final String SERVER = "server";

    private final JdbcClient jdbc;
    private final AuditLog audit;

    public CommandLog(JdbcClient jdbc, AuditLog audit) {
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** A command about to be published: status {@code SENT}. */
    @Transactional
    public void sent(String id, String gatewayId, String device, String channel, Object value, String operator,
            String reason, long sentAt) {
        jdbc.sql("INSERT INTO gateway_command (id, gateway_id, device, channel, write_value, operator, reason,"
                + " sent_at, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, gatewayId, device, channel, String.valueOf(value), operator, reason, sentAt, SENT)
                .update();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("command", id);
        details.put("device", device);
        details.put("channel", channel);
        details.put("value", value);
        if (reason != null) {
            details.put("reason", reason);
        }
        audit.record(operator, AuditAction.COMMAND_SENT, gatewayId, SENT, details);
    }

    /**
     * The gateway's answer, in time or late (after {@link #timedOut}); ignored for a command already answered (a
     * second copy) and for an id of another gateway. Returns whether it was recorded.
     */
    @Transactional
    public boolean answered(String id, String gatewayId, String status, String reason, long answeredAt) {
        boolean recorded = 1 == jdbc.sql("UPDATE gateway_command SET status = ?, answer_reason = ?, answered_at = ?"
                + " WHERE id = ? AND gateway_id = ? AND status IN ('" + SENT + "', '" + TIMED_OUT + "')")
                .params(status, clip(reason, 1000), answeredAt, id, gatewayId).update();
        if (recorded) {
            audit.record("gateway:" + gatewayId, AuditAction.COMMAND_ANSWERED, gatewayId, status,
                    reason == null ? Map.of("command", id) : Map.of("command", id, "reason", clip(reason, 1000)));
        }
        return recorded;
    }

    /** The server stopped waiting; the status becomes {@code TIMED_OUT} unless an answer was recorded meanwhile. */
    @Transactional
    public void timedOut(String id, long at) {
        int n = jdbc.sql("UPDATE gateway_command SET timed_out_at = ?, status = CASE WHEN status = '" + SENT + "' THEN '"
                + TIMED_OUT + "' ELSE status END WHERE id = ?").params(at, id).update();
        if (n == 1) {
            find(id).filter(c -> TIMED_OUT.equals(c.status())).ifPresent(c -> audit.record(SERVER,
                    AuditAction.COMMAND_ANSWERED, c.gateway(), TIMED_OUT, Map.of("command", id)));
        }
    }

    /**
     * Commands still {@code SENT} that were sent before {@code sentBefore}: nobody waits for them any more (the server
     * that sent them stopped while waiting), so they become {@code TIMED_OUT}, each audited; a late answer is still
     * recorded. Returns how many.
     */
    @Transactional
    public int abandoned(long sentBefore, long at) {
        List<CommandDto> waiting = jdbc.sql("SELECT " + COLUMNS + " FROM gateway_command WHERE status = '" + SENT
                + "' AND sent_at < ?").param(sentBefore).query((rs, n) -> row(rs)).list();
        int n = 0;
        for (CommandDto c : waiting) {
            if (jdbc.sql("UPDATE gateway_command SET timed_out_at = ?, status = '" + TIMED_OUT + "' WHERE id = ?"
                    + " AND status = '" + SENT + "'").params(at, c.id()).update() == 1) {
                audit.record(SERVER, AuditAction.COMMAND_ANSWERED, c.gateway(), TIMED_OUT,
                        Map.of("command", c.id(), "reason", "no server was waiting for the answer any more"));
                n++;
            }
        }
        return n;
    }

    /** The command never reached the gateway (the broker had no subscriber for it, or the publish failed). */
    @Transactional
    public void notDelivered(String id, String why, long at) {
        int n = jdbc.sql("UPDATE gateway_command SET status = ?, answer_reason = ?, answered_at = ? WHERE id = ?"
                + " AND status = '" + SENT + "'").params(NOT_DELIVERED, clip(why, 1000), at, id).update();
        if (n == 1) {
            find(id).ifPresent(c -> audit.record(SERVER, AuditAction.COMMAND_ANSWERED, c.gateway(), NOT_DELIVERED,
                    Map.of("command", id, "reason", clip(why, 1000))));
        }
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
