package org.hanedge.fleet.telemetry.query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads series, raw readings and rollups (portable SQL, H2 and PostgreSQL). */
@Repository
class TelemetryQueryRepository {
    private final JdbcClient jdbc;

    TelemetryQueryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean gatewayExists(String gatewayId) {
        return jdbc.sql("SELECT COUNT(*) FROM gateway WHERE id = ?").param(gatewayId).query(Long.class).single() > 0
                || jdbc.sql("SELECT COUNT(*) FROM series WHERE gateway_id = ?").param(gatewayId)
                        .query(Long.class).single() > 0;
    }

    List<LatestValueDto> latest(String gatewayId) {
        return jdbc.sql("""
                SELECT device_id, channel, unit, value_kind, last_time, last_value, last_text, last_quality
                FROM series WHERE gateway_id = ? ORDER BY device_id, channel""")
                .param(gatewayId)
                .query((rs, n) -> {
                    Long time = nullableLong(rs, "last_time");
                    String kind = rs.getString("value_kind");
                    return new LatestValueDto(rs.getString("device_id"), rs.getString("channel"), rs.getString("unit"),
                            kind, time == null ? null : Instant.ofEpochMilli(time),
                            value(kind, nullableDouble(rs, "last_value"), rs.getString("last_text")),
                            quality(rs.getString("last_quality")));
                })
                .list();
    }

    /** The series of a channel; several when the device is not given and the channel is on more than one device. */
    List<SeriesKey> series(String gatewayId, String deviceId, String channel) {
        String sql = "SELECT id, gateway_id, device_id, channel, unit, value_kind FROM series WHERE gateway_id = ? "
                + "AND channel = ?" + (deviceId == null ? "" : " AND device_id = ?") + " ORDER BY device_id";
        var spec = jdbc.sql(sql).param(gatewayId).param(channel);
        if (deviceId != null) {
            spec = spec.param(deviceId);
        }
        return spec.query((rs, n) -> new SeriesKey(rs.getLong("id"), rs.getString("gateway_id"),
                rs.getString("device_id"), rs.getString("channel"), rs.getString("unit"), rs.getString("value_kind")))
                .list();
    }

    /** Raw readings in [from, to), oldest first, at most {@code limit}. */
    List<SeriesPointDto> raw(SeriesKey series, long from, long to, int limit) {
        return jdbc.sql("""
                SELECT ts, num, text, quality FROM reading
                WHERE series_id = ? AND ts >= ? AND ts < ? ORDER BY ts, seq LIMIT ?""")
                .param(series.id()).param(from).param(to).param(limit)
                .query((rs, n) -> SeriesPointDto.raw(Instant.ofEpochMilli(rs.getLong("ts")),
                        value(series.valueKind(), nullableDouble(rs, "num"), rs.getString("text")),
                        quality(rs.getString("quality"))))
                .list();
    }

    /**
     * Rollup rows with {@code bucket} in [from, to) re-aggregated into step buckets starting at multiples of
     * {@code step}: count and sum add up (so the average is weighted by count), min of mins, max of maxes.
     */
    List<SeriesPointDto> rollup(long seriesId, Resolution resolution, long from, long to, long step) {
        String sql = "SELECT b, SUM(cnt) AS cnt, SUM(sum_v) AS sum_v, MIN(min_v) AS min_v, MAX(max_v) AS max_v FROM ("
                + " SELECT (bucket / ?) * ? AS b, cnt, sum_v, min_v, max_v FROM " + resolution.table()
                + " WHERE series_id = ? AND bucket >= ? AND bucket < ?) x GROUP BY b ORDER BY b";
        return jdbc.sql(sql).param(step).param(step).param(seriesId).param(from).param(to)
                .query((rs, n) -> {
                    long cnt = rs.getLong("cnt");
                    return SeriesPointDto.bucket(Instant.ofEpochMilli(rs.getLong("b")),
                            cnt == 0 ? 0 : rs.getDouble("sum_v") / cnt, rs.getDouble("min_v"), rs.getDouble("max_v"),
                            cnt);
                })
                .list();
    }

    /** A stored value as the API shows it: number, boolean (stored as 0/1) or string. */
    static Object value(String kind, Double num, String text) {
        if ("TEXT".equals(kind)) {
            return text;
        }
        if (num == null) {
            return null;
        }
        return "BOOLEAN".equals(kind) ? (Object) (num != 0) : num;
    }

    static String quality(String stored) {
        return stored == null ? "GOOD" : stored;
    }

    static Long nullableLong(ResultSet rs, String column) throws SQLException {
        long v = rs.getLong(column);
        return rs.wasNull() ? null : v;
    }

    static Double nullableDouble(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
