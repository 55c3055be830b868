package org.hanedge.bench.kill;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rollups against the raw readings they were made from: every raw reading with a number committed up to the
 * rollup watermark (by arrival batch) is counted in exactly one 1-minute and one 1-hour bucket, so per series and bucket
 * the rollup's count and sum equal those of the raw rows with {@code batch <= watermark}. A crash between the rollup's
 * merge and its watermark (they share one transaction) or rows aggregated twice or never would show here.
 *
 * @param watermark     the rollup job's watermark (arrival batch)
 * @param rowsAfter     raw rows with a number above the watermark (committed after the job's last run)
 * @param bucketsChecked 1-minute and 1-hour buckets compared
 * @param mismatches    buckets whose count or sum differs from the raw rows'
 * @param examples      a few mismatches, for the report
 */
public record RollupCheck(long watermark, long rowsAfter, long bucketsChecked, long mismatches,
        List<String> examples) {

    public static RollupCheck check(Connection db) throws SQLException {
        long watermark;
        long rowsAfter;
        try (Statement st = db.createStatement()) {
            try (ResultSet rs = st.executeQuery("SELECT batch FROM rollup_watermark WHERE name = 'rollups'")) {
                watermark = rs.next() ? rs.getLong(1) : 0;
            }
            try (ResultSet rs = st.executeQuery(
                    "SELECT COUNT(*) FROM reading WHERE num IS NOT NULL AND batch > " + watermark)) {
                rs.next();
                rowsAfter = rs.getLong(1);
            }
        }
        long checked = 0;
        long mismatches = 0;
        List<String> examples = new ArrayList<>();
        for (long width : new long[] { 60_000L, 3_600_000L }) {
            String table = width == 60_000L ? "rollup_1m" : "rollup_1h";
            Map<List<Long>, double[]> raw = buckets(db, "SELECT series_id, ts / " + width
                    + ", COUNT(num), SUM(num) FROM reading WHERE num IS NOT NULL AND batch <= " + watermark
                    + " GROUP BY series_id, ts / " + width, width);
            Map<List<Long>, double[]> rolled = buckets(db, "SELECT series_id, bucket, cnt, sum_v FROM " + table, 1);
            Map<List<Long>, double[]> all = new HashMap<>(raw);
            rolled.forEach(all::putIfAbsent);
            for (List<Long> key : all.keySet()) {
                double[] r = raw.getOrDefault(key, new double[2]);
                double[] u = rolled.getOrDefault(key, new double[2]);
                checked++;
                boolean sumOk = Math.abs(r[1] - u[1]) <= 1e-6 * Math.max(1, Math.abs(r[1]));
                if (r[0] != u[0] || !sumOk) {
                    mismatches++;
                    if (examples.size() < 10) {
                        examples.add(table + " series " + key.get(0) + " bucket " + key.get(1) + ": raw count "
                                + (long) r[0] + " sum " + r[1] + ", rollup count " + (long) u[0] + " sum " + u[1]);
                    }
                }
            }
        }
        return new RollupCheck(watermark, rowsAfter, checked, mismatches, List.copyOf(examples));
    }

    /** series, bucket (the second column times {@code scale}) -> count, sum. */
    private static Map<List<Long>, double[]> buckets(Connection db, String sql, long scale) throws SQLException {
        Map<List<Long>, double[]> out = new HashMap<>();
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.put(List.of(rs.getLong(1), rs.getLong(2) * scale), new double[] { rs.getLong(3), rs.getDouble(4) });
            }
        }
        return out;
    }
}
