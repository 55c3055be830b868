package org.hanedge.fleet.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.PageDto;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * The UI's alarm list: alarms with their gateway's name, domain (kind) and district, filtered by domain and severity
 * (acknowledging stays {@code POST /api/v1/alarms/{id}/acknowledge}).
 */
@RestController
@Validated
public class AlarmViewController {
    private final JdbcClient jdbc;

    public AlarmViewController(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record AlarmRow(long id, String gateway, String gatewayName, String domain, String district,
            String device, String channel, String severity, String state, String message, Double value,
            Double limit, Instant raisedAt, Instant clearedAt, boolean acknowledged, Instant acknowledgedAt,
            String acknowledgedBy, String comment) {
    }

    @GetMapping("/api/v1/alarm-view")
    public PageDto<AlarmRow> alarms(@RequestParam(required = false) String domain,
            @RequestParam(required = false) String severity, @RequestParam(defaultValue = "RAISED") String state,
            @RequestParam(required = false) Boolean acknowledged, @RequestParam(required = false) String gateway,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(500) int size) {
        List<String> c = new ArrayList<>();
        List<Object> p = new ArrayList<>();
        String st = state.trim().toUpperCase(Locale.ROOT);
        if (!List.of("RAISED", "CLEARED", "ALL").contains(st)) {
            throw new BadRequestException("state", "'" + state + "' is not one of RAISED, CLEARED, ALL");
        }
        if (!st.equals("ALL")) {
            c.add("a.state = ?");
            p.add(st);
        }
        if (domain != null && !domain.isBlank()) {
            c.add("(g.kind = ? OR g.profile_id = ?)");
            p.add(domain.trim());
            p.add(domain.trim());
        }
        if (severity != null && !severity.isBlank()) {
            c.add("a.severity = ?");
            p.add(severity.trim().toUpperCase(Locale.ROOT));
        }
        if (acknowledged != null) {
            c.add(acknowledged ? "a.acknowledged_at IS NOT NULL" : "a.acknowledged_at IS NULL");
        }
        if (gateway != null && !gateway.isBlank()) {
            c.add("a.gateway_id = ?");
            p.add(gateway.trim());
        }
        String from = " FROM alarm a LEFT JOIN gateway g ON g.id = a.gateway_id"
                + (c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c));
        long total = jdbc.sql("SELECT COUNT(*)" + from).params(p).query(Long.class).single();
        List<Object> q = new ArrayList<>(p);
        q.add(size);
        q.add((long) page * size);
        List<AlarmRow> items = jdbc.sql("SELECT a.id, a.gateway_id, COALESCE(g.name_local, g.name) AS gname, g.kind,"
                + " g.district, a.device_id, a.channel, a.severity, a.state, a.message, a.alarm_value, a.limit_value,"
                + " a.raised_at, a.cleared_at, a.acknowledged_at, a.acknowledged_by, a.ack_comment" + from
                + " ORDER BY a.raised_at DESC, a.id DESC LIMIT ? OFFSET ?").params(q)
                .query((rs, n) -> new AlarmRow(rs.getLong("id"), rs.getString("gateway_id"), rs.getString("gname"),
                        rs.getString("kind"), rs.getString("district"), rs.getString("device_id"),
                        rs.getString("channel"), rs.getString("severity"), rs.getString("state"),
                        rs.getString("message"), rs.getObject("alarm_value", Double.class),
                        rs.getObject("limit_value", Double.class), instant(rs.getObject("raised_at", Long.class)),
                        instant(rs.getObject("cleared_at", Long.class)), rs.getObject("acknowledged_at") != null,
                        instant(rs.getObject("acknowledged_at", Long.class)), rs.getString("acknowledged_by"),
                        rs.getString("ack_comment")))
                .list();
        return new PageDto<>(items, page, size, total);
    }

    @GetMapping("/api/v1/alarm-view/severities")
    public List<String> severities() {
        return jdbc.sql("SELECT DISTINCT severity FROM alarm ORDER BY severity").query(String.class).list();
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
