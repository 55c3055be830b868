package org.hanedge.fleet.web;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Reads every gateway with its tags, open-alarm count, latest position and configuration sync in five queries (a few milliseconds for
 * the demo city's ~900 gateways). The fleet table filters, folds accents, sorts and pages this in memory on the
 * server, so the browser only ever receives one page.
 */
@Component
public class FleetSnapshot {
    private final JdbcClient jdbc;

    public FleetSnapshot(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public List<FleetRow> all() {
        Map<String, List<String>> tags = new HashMap<>();
        jdbc.sql("SELECT gateway_id, tag FROM gateway_tag ORDER BY tag")
                .query(rs -> {
                    tags.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(rs.getString(2));
                });
        Map<String, Integer> alarms = new HashMap<>();
        jdbc.sql("SELECT gateway_id, COUNT(*) FROM alarm WHERE state = 'RAISED' GROUP BY gateway_id")
                .query(rs -> {
                    alarms.put(rs.getString(1), rs.getInt(2));
                });
        Map<String, double[]> positions = new HashMap<>();
        jdbc.sql("SELECT gateway_id, channel, last_value FROM series WHERE channel IN ('position_lat', 'position_lon')"
                + " AND last_value IS NOT NULL AND (last_quality IS NULL OR last_quality = 'GOOD')")
                .query(rs -> {
                    double[] p = positions.computeIfAbsent(rs.getString(1), k -> new double[] { Double.NaN, Double.NaN });
                    p["position_lat".equals(rs.getString(2)) ? 0 : 1] = rs.getDouble(3);
                });
        Map<String, FleetRow.Sync> sync = new HashMap<>();
        // each gateway's latest version and latest report, in one query (the report through its index)
        jdbc.sql("SELECT v.gateway_id, v.latest, r.version, r.status FROM (SELECT gateway_id, MAX(version) AS latest"
                + " FROM config_version GROUP BY gateway_id) v LEFT JOIN config_report r ON r.id ="
                + " (SELECT MAX(x.id) FROM config_report x WHERE x.gateway_id = v.gateway_id)")
                .query(rs -> {
                    sync.put(rs.getString(1), FleetRow.Sync.of(rs.getLong(2), rs.getObject(3, Long.class),
                            rs.getString(4)));
                });
        List<FleetRow> rows = new ArrayList<>();
        jdbc.sql("SELECT id, kind, name, name_local, district, firmware, profile_id, online, last_seen, lat, lon,"
                + " pos_lat, pos_lon FROM gateway ORDER BY id")
                .query(rs -> {
                    String id = rs.getString("id");
                    Double lat = rs.getObject("lat", Double.class);
                    Double lon = rs.getObject("lon", Double.class);
                    double[] p = positions.get(id);
                    boolean moving = false;
                    if (p != null && !Double.isNaN(p[0]) && !Double.isNaN(p[1])) {
                        lat = p[0];
                        lon = p[1];
                        moving = true;
                    } else if (rs.getObject("pos_lat", Double.class) != null && rs.getObject("pos_lon", Double.class) != null) {
                        lat = rs.getDouble("pos_lat");
                        lon = rs.getDouble("pos_lon");
                        moving = true;
                    }
                    boolean online = rs.getBoolean("online");
                    int open = alarms.getOrDefault(id, 0);
                    Long seen = rs.getObject("last_seen", Long.class);
                    rows.add(new FleetRow(id, rs.getString("kind"), rs.getString("name"), rs.getString("name_local"),
                            rs.getString("district"), rs.getString("firmware"), rs.getString("profile_id"), online,
                            seen == null ? null : Instant.ofEpochMilli(seen), lat, lon, moving,
                            List.copyOf(tags.getOrDefault(id, List.of())), open,
                            open > 0 ? FleetRow.State.ALARM : online ? FleetRow.State.ONLINE : FleetRow.State.OFFLINE,
                            sync.getOrDefault(id, FleetRow.Sync.NONE)));
                });
        return rows;
    }
}
