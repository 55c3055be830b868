package org.hanedge.fleet.registry;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Transactional;

/** Gateways, their tags, groups and reported devices. */
@Repository
public class GatewayRepository {
    private static final String COLUMNS = "id, kind, name, name_local, district, lat, lon, profile_id, profile_version,"
            + " firmware, note, online, last_seen, connected_at, started_at, pos_lat, pos_lon, pos_time, pos_fix,"
            + " clock_offset_ms";

    private final JdbcClient jdbc;

    public GatewayRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Registers the site's gateway unless one with that id exists; true when it was added. */
    @Transactional
    public boolean insertIfAbsent(Site site, long now) {
        if (exists(site.id())) {
            return false;
        }
        jdbc.sql("INSERT INTO gateway (id, kind, name, name_local, district, lat, lon, profile_id, note, created_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(site.id(), site.kind(), site.name(), site.nameLocal(), site.district(), site.lat(), site.lon(),
                        site.profile(), site.note(), now)
                .update();
        for (String tag : site.tags()) {
            jdbc.sql("INSERT INTO gateway_tag (gateway_id, tag) VALUES (?, ?)").params(site.id(), tag).update();
        }
        for (String group : site.groups()) {
            jdbc.sql("INSERT INTO gateway_group (gateway_id, group_name) VALUES (?, ?)").params(site.id(), group).update();
        }
        return true;
    }

    public boolean exists(String id) {
        return jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(id).query(Long.class).single() > 0;
    }

    public Optional<Gateway> find(String id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM gateway WHERE id = ?").param(id)
                .query((rs, n) -> row(rs)).optional()
                .map(g -> withDetails(g, true));
    }

    public long count(GatewayFilter f) {
        Where w = where(f);
        return jdbc.sql("SELECT COUNT(*) FROM gateway g" + w.sql).params(w.params).query(Long.class).single();
    }

    public List<Gateway> search(GatewayFilter f, int page, int size) {
        Where w = where(f);
        List<Object> params = new ArrayList<>(w.params);
        params.add(size);
        params.add((long) page * size);
        return jdbc.sql("SELECT " + COLUMNS + " FROM gateway g" + w.sql + " ORDER BY id LIMIT ? OFFSET ?")
                .params(params).query((rs, n) -> row(rs)).list()
                .stream().map(g -> withDetails(g, false)).toList();
    }

    /** Online gateways and per-kind counts, for metrics. */
    public long countOnline() {
        return jdbc.sql("SELECT COUNT(*) FROM gateway WHERE online = TRUE").query(Long.class).single();
    }

    public void markOnline(String id, String firmware, Long startedAt, Long connectedAt, long seenAt,
            Long clockOffsetMs, Gateway.Position position) {
        jdbc.sql("UPDATE gateway SET online = TRUE, firmware = COALESCE(?, firmware), started_at = ?, connected_at = ?,"
                + " last_seen = ?, clock_offset_ms = ?,"
                + " pos_lat = COALESCE(?, pos_lat), pos_lon = COALESCE(?, pos_lon), pos_time = COALESCE(?, pos_time),"
                + " pos_fix = COALESCE(?, pos_fix) WHERE id = ?")
                .params(firmware, startedAt, connectedAt, seenAt, clockOffsetMs,
                        position == null ? null : position.lat(), position == null ? null : position.lon(),
                        position == null ? null : position.time(), position == null ? null : position.fix(), id)
                .update();
    }

    public void markOffline(String id, long seenAt) {
        jdbc.sql("UPDATE gateway SET online = FALSE, last_seen = ? WHERE id = ?").params(seenAt, id).update();
    }

    public void touch(Map<String, Long> lastSeen) {
        for (Map.Entry<String, Long> e : lastSeen.entrySet()) {
            jdbc.sql("UPDATE gateway SET last_seen = ? WHERE id = ? AND (last_seen IS NULL OR last_seen < ?)")
                    .params(e.getValue(), e.getKey(), e.getValue()).update();
        }
    }

    public void saveStats(String id, String json, long time) {
        jdbc.sql("UPDATE gateway SET stats_json = ?, stats_time = ?, last_seen = ? WHERE id = ?")
                .params(json, time, time, id).update();
    }

    /** Replaces the devices a gateway reported; the gateway's profile becomes that of its devices when they agree. */
    public void replaceDevices(String id, Map<String, Gateway.DeviceRef> devices) {
        jdbc.sql("DELETE FROM gateway_device WHERE gateway_id = ?").param(id).update();
        for (Map.Entry<String, Gateway.DeviceRef> d : devices.entrySet()) {
            jdbc.sql("INSERT INTO gateway_device (gateway_id, device_id, profile_id, profile_version) VALUES (?, ?, ?, ?)")
                    .params(id, d.getKey(), d.getValue().profileId(), d.getValue().profileVersion()).update();
        }
        List<Gateway.DeviceRef> distinct = devices.values().stream().distinct().toList();
        if (distinct.size() == 1) {
            jdbc.sql("UPDATE gateway SET profile_id = ?, profile_version = ? WHERE id = ?")
                    .params(distinct.get(0).profileId(), distinct.get(0).profileVersion(), id).update();
        }
    }

    /** Every gateway's profile and reported devices (the ingest's directory). */
    public Map<String, GatewayDirectory.Entry> directory() {
        Map<String, GatewayDirectory.Entry> out = new LinkedHashMap<>();
        jdbc.sql("SELECT id, profile_id FROM gateway").query(rs -> {
            out.put(rs.getString(1), new GatewayDirectory.Entry(rs.getString(2), Map.of()));
        });
        Map<String, Map<String, String>> devices = new LinkedHashMap<>();
        jdbc.sql("SELECT gateway_id, device_id, profile_id FROM gateway_device").query(rs -> {
            devices.computeIfAbsent(rs.getString(1), k -> new LinkedHashMap<>()).put(rs.getString(2), rs.getString(3));
        });
        devices.forEach((gw, d) -> out.computeIfPresent(gw, (k, e) -> new GatewayDirectory.Entry(e.profileId(), d)));
        return out;
    }

    private Gateway withDetails(Gateway g, boolean devices) {
        List<String> tags = jdbc.sql("SELECT tag FROM gateway_tag WHERE gateway_id = ? ORDER BY tag").param(g.id())
                .query(String.class).list();
        List<String> groups = jdbc.sql("SELECT group_name FROM gateway_group WHERE gateway_id = ? ORDER BY group_name")
                .param(g.id()).query(String.class).list();
        Map<String, Gateway.DeviceRef> devs = new LinkedHashMap<>();
        if (devices) {
            jdbc.sql("SELECT device_id, profile_id, profile_version FROM gateway_device WHERE gateway_id = ?"
                    + " ORDER BY device_id").param(g.id())
                    .query(rs -> {
                        devs.put(rs.getString(1), new Gateway.DeviceRef(rs.getString(2), rs.getString(3)));
                    });
        }
        return new Gateway(g.id(), g.kind(), g.name(), g.nameLocal(), g.district(), g.lat(), g.lon(), g.profileId(),
                g.profileVersion(), g.firmware(), g.note(), g.online(), g.lastSeen(), g.connectedAt(), g.startedAt(),
                g.position(), g.clockOffsetMs(), tags, groups, devs);
    }

    private static Gateway row(ResultSet rs) throws SQLException {
        Double posLat = (Double) rs.getObject("pos_lat", Double.class);
        Double posLon = (Double) rs.getObject("pos_lon", Double.class);
        Gateway.Position pos = posLat == null || posLon == null ? null
                : new Gateway.Position(posLat, posLon, rs.getObject("pos_time", Long.class),
                        rs.getObject("pos_fix", Boolean.class));
        return new Gateway(rs.getString("id"), rs.getString("kind"), rs.getString("name"), rs.getString("name_local"),
                rs.getString("district"), rs.getObject("lat", Double.class), rs.getObject("lon", Double.class),
                rs.getString("profile_id"), rs.getString("profile_version"), rs.getString("firmware"),
                rs.getString("note"), rs.getBoolean("online"), rs.getObject("last_seen", Long.class),
                rs.getObject("connected_at", Long.class), rs.getObject("started_at", Long.class), pos,
                rs.getObject("clock_offset_ms", Long.class), List.of(), List.of(), Map.of());
    }

    private record Where(String sql, List<Object> params) {
    }

    private static Where where(GatewayFilter f) {
        List<String> c = new ArrayList<>();
        List<Object> p = new ArrayList<>();
        if (f.kind() != null) {
            c.add("g.kind = ?");
            p.add(f.kind());
        }
        if (f.district() != null) {
            c.add("g.district = ?");
            p.add(f.district());
        }
        if (f.online() != null) {
            c.add("g.online = ?");
            p.add(f.online());
        }
        if (f.firmware() != null) {
            c.add("g.firmware = ?");
            p.add(f.firmware());
        }
        if (f.tag() != null) {
            c.add("EXISTS (SELECT 1 FROM gateway_tag t WHERE t.gateway_id = g.id AND t.tag = ?)");
            p.add(f.tag());
        }
        if (f.text() != null) {
            c.add("(LOWER(g.id) LIKE ? OR LOWER(g.name) LIKE ? OR LOWER(g.name_local) LIKE ?)");
            String like = "%" + f.text().toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%";
            p.add(like);
            p.add(like);
            p.add(like);
        }
        return new Where(c.isEmpty() ? "" : " WHERE " + String.join(" AND ", c), p);
    }
}
