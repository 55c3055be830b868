package org.hanedge.fleet.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes and reads the audit log (table {@code audit_entry}). {@link #record} writes through the caller's
 * transaction when there is one (Spring's JDBC support binds the connection to it), so an entry commits or rolls back
 * with the change it records; called outside a transaction (a refused request changes nothing) it commits at once.
 * Other features call it: configurations, alarm acknowledgements, commands.
 */
@Component
public class AuditLog {
    /** Longest details JSON kept (the column's size). */
    static final int MAX_DETAILS = 8000;
    private static final String COLUMNS = "id, at, actor, action, gateway_id, outcome, details";
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() { };

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Clock clock;

    @Autowired
    public AuditLog(JdbcClient jdbc, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
    }

    /**
     * Records one entry, now.
     *
     * @param actor     who: {@code Authentication.getName()} of the caller, {@code gateway:<id>}, {@code server}
     * @param gatewayId the target gateway, or null
     * @param outcome   how it ended (see {@link AuditAction})
     * @param details   anything else worth keeping (never a secret); written as a JSON object, cut to 8000 characters
     */
    public void record(String actor, AuditAction action, String gatewayId, String outcome,
            Map<String, ?> details) {
        jdbc.sql("INSERT INTO audit_entry (at, actor, action, gateway_id, outcome, details) VALUES (?, ?, ?, ?, ?, ?)")
                .params(clock.millis(), clip(actor, 100), action.name(), gatewayId, clip(outcome, 32),
                        detailsJson(details))
                .update();
    }

    /** A page of entries, newest first. */
    public List<AuditEntryDto> list(AuditFilter filter, long offset, int limit) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        params.add(limit);
        params.add(offset);
        return jdbc.sql("SELECT " + COLUMNS + " FROM audit_entry" + where + " ORDER BY id DESC LIMIT ? OFFSET ?")
                .params(params).query(this::row).list();
    }

    public long count(AuditFilter filter) {
        List<Object> params = new ArrayList<>();
        String where = where(filter, params);
        return jdbc.sql("SELECT COUNT(*) FROM audit_entry" + where).params(params).query(Long.class).single();
    }

    private static String where(AuditFilter f, List<Object> params) {
        List<String> terms = new ArrayList<>();
        if (f.gateway() != null) {
            terms.add("gateway_id = ?");
            params.add(f.gateway());
        }
        if (f.actor() != null) {
            terms.add("actor = ?");
            params.add(f.actor());
        }
        if (f.action() != null) {
            terms.add("action = ?");
            params.add(f.action().name());
        }
        if (f.from() != null) {
            terms.add("at >= ?");
            params.add(f.from().toEpochMilli());
        }
        if (f.to() != null) {
            terms.add("at < ?");
            params.add(f.to().toEpochMilli());
        }
        return terms.isEmpty() ? "" : " WHERE " + String.join(" AND ", terms);
    }

    private String detailsJson(Map<String, ?> details) {
        String s;
        try {
            s = json.writeValueAsString(details == null ? Map.of() : details);
        } catch (JsonProcessingException e) {
            s = "{\"unwritable\":" + quote(e.getOriginalMessage()) + "}";
        }
        if (s.length() <= MAX_DETAILS) {
            return s;
        }
        Map<String, Object> cut = new LinkedHashMap<>();
        cut.put("truncated", s.substring(0, MAX_DETAILS - 200));
        try {
            String c = json.writeValueAsString(cut);
            return c.length() <= MAX_DETAILS ? c : "{\"truncated\":true}";
        } catch (JsonProcessingException e) {
            return "{\"truncated\":true}";
        }
    }

    private String quote(String s) {
        try {
            return json.writeValueAsString(s);
        } catch (JsonProcessingException e) {
            return "\"?\"";
        }
    }

    private AuditEntryDto row(ResultSet rs, int n) throws SQLException {
        Map<String, Object> details;
        try {
            details = json.readValue(rs.getString("details"), MAP);
        } catch (JsonProcessingException e) {
            details = Map.of("unreadable", rs.getString("details"));
        }
        return new AuditEntryDto(rs.getLong("id"), Instant.ofEpochMilli(rs.getLong("at")), rs.getString("actor"),
                AuditAction.valueOf(rs.getString("action")), rs.getString("gateway_id"), rs.getString("outcome"),
                details);
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
