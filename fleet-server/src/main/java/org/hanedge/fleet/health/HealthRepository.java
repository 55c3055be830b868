package org.hanedge.fleet.health;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** What the derived-alarm rules read (gateway, series, gateway_device) and their own bookkeeping (portable SQL). */
@Repository
class HealthRepository {
    private final JdbcClient jdbc;

    HealthRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    List<GatewayState> gateways() {
        return jdbc.sql("SELECT id, kind, online, last_seen, connected_at, clock_offset_ms, stats_json, stats_time "
                        + "FROM gateway ORDER BY id")
                .query((rs, n) -> new GatewayState(rs.getString("id"), rs.getString("kind"), rs.getBoolean("online"),
                        rs.getObject("last_seen", Long.class), rs.getObject("connected_at", Long.class),
                        rs.getObject("clock_offset_ms", Long.class), rs.getString("stats_json"),
                        rs.getObject("stats_time", Long.class)))
                .list();
    }

    /**
     * A series with a latest value and the profile its device runs (the device's from the birth, else the
     * gateway's).
     */
    record SeriesState(String gatewayId, String deviceId, String channel, long lastTime, String profileId) {
    }

    /** The series of the gateways marked online. */
    List<SeriesState> seriesOfOnlineGateways() {
        return jdbc.sql("""
                SELECT s.gateway_id, s.device_id, s.channel, s.last_time, COALESCE(d.profile_id, g.profile_id) AS profile_id
                FROM series s
                JOIN gateway g ON g.id = s.gateway_id
                LEFT JOIN gateway_device d ON d.gateway_id = s.gateway_id AND d.device_id = s.device_id
                WHERE g.online = TRUE AND s.last_time IS NOT NULL""")
                .query((rs, n) -> new SeriesState(rs.getString("gateway_id"), rs.getString("device_id"),
                        rs.getString("channel"), rs.getLong("last_time"), rs.getString("profile_id")))
                .list();
    }

    /** The drop counters last looked at, per gateway. */
    record DropWatch(long statsTime, long dropsTotal) {
    }

    Map<String, DropWatch> dropWatches() {
        Map<String, DropWatch> m = new HashMap<>();
        jdbc.sql("SELECT gateway_id, stats_time, drops_total FROM gateway_drop_watch")
                .query(rs -> {
                    m.put(rs.getString("gateway_id"), new DropWatch(rs.getLong("stats_time"), rs.getLong("drops_total")));
                });
        return m;
    }

    void saveDropWatch(String gatewayId, DropWatch watch) {
        int n = jdbc.sql("UPDATE gateway_drop_watch SET stats_time = ?, drops_total = ? WHERE gateway_id = ?")
                .params(watch.statsTime(), watch.dropsTotal(), gatewayId).update();
        if (n == 0) {
            jdbc.sql("INSERT INTO gateway_drop_watch (gateway_id, stats_time, drops_total) VALUES (?, ?, ?)")
                    .params(gatewayId, watch.statsTime(), watch.dropsTotal()).update();
        }
    }
}
