package org.hanedge.fleet.web;

import java.time.Instant;
import java.util.List;

import org.hanedge.fleet.event.FleetEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Table {@code gateway_connection}: every online/offline the registry records, written in the same transaction. */
@Component
public class ConnectionLog {
    private final JdbcClient jdbc;

    public ConnectionLog(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One entry of a gateway's connection history. */
    public record Entry(boolean online, Instant at, Instant connectedAt, Instant startedAt) {
    }

    @EventListener
    void on(FleetEvent.Presence p) {
        jdbc.sql("INSERT INTO gateway_connection (gateway_id, online, at_ms, connected_at, started_at)"
                + " VALUES (?, ?, ?, ?, ?)")
                .params(p.gatewayId(), p.online(), p.atMillis(), p.connectedAt(), p.startedAt()).update();
    }

    /** The newest {@code limit} entries, newest first. */
    public List<Entry> history(String gatewayId, int limit) {
        return jdbc.sql("SELECT online, at_ms, connected_at, started_at FROM gateway_connection WHERE gateway_id = ?"
                + " ORDER BY at_ms DESC, id DESC LIMIT ?").params(gatewayId, limit)
                .query((rs, n) -> new Entry(rs.getBoolean(1), Instant.ofEpochMilli(rs.getLong(2)),
                        instant(rs.getObject(3, Long.class)), instant(rs.getObject(4, Long.class))))
                .list();
    }

    private static Instant instant(Long ms) {
        return ms == null ? null : Instant.ofEpochMilli(ms);
    }
}
