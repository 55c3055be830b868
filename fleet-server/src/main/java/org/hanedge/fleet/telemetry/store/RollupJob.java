package org.hanedge.fleet.telemetry.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.hanedge.fleet.ingest.IngestWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Maintains the 1 minute, 1 hour and 1 day rollups (count, sum, min, max per series and bucket) as data arrives:
 * every few seconds (5 s by default) it aggregates the readings committed since its watermark (by arrival batch, so late
 * data lands in its old buckets too) and adds them to the rollup rows with one additive MERGE per resolution, the
 * watermark moving in the same transaction. After a crash it simply resumes from the watermark.
 */
@Component
public class RollupJob {
    private static final Logger LOG = LoggerFactory.getLogger(RollupJob.class);
    static final String WATERMARK = "rollups";
    /** Arrival span aggregated per transaction at most. */
    static final long SLICE_MS = 10_000;
    private volatile long watermark;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final IngestWriter writer;

    public RollupJob(JdbcTemplate jdbc, PlatformTransactionManager txManager, IngestWriter writer) {
        this.jdbc = jdbc;
        this.tx = new TransactionTemplate(txManager);
        this.writer = writer;
        List<Long> w = jdbc.queryForList("SELECT batch FROM rollup_watermark WHERE name = ?", Long.class, WATERMARK);
        this.watermark = w.isEmpty() ? 0 : w.get(0);
    }

    /** Registers the lag gauge ({@code hanedge.rollup.lag.seconds}). */
    @org.springframework.beans.factory.annotation.Autowired(required = false)
    void metrics(io.micrometer.core.instrument.MeterRegistry registry) {
        io.micrometer.core.instrument.Gauge.builder("hanedge.rollup.lag.seconds", this, RollupJob::lagSeconds)
                .description("arrival time not yet aggregated into the rollups").register(registry);
    }

    @Scheduled(fixedDelayString = "${hanedge.fleet.ingest.rollup-interval-ms:5000}")
    public void run() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.error("rollups: aggregation failed, retrying next round: {}", e.toString());
        }
    }

    /**
     * Aggregates everything committed so far, in transactions of at most {@link #SLICE_MS} of arrival each (a backlog
     * of millions of readings is worked off in bounded steps); returns the number of raw readings aggregated.
     */
    public synchronized long runOnce() {
        long hi = writer.lastCommittedBatch();
        long total = 0;
        while (true) {
            long[] step = new long[2];
            tx.executeWithoutResult(s -> {
                long lo = watermark();
                watermark = lo;
                if (hi <= lo) {
                    step[1] = 1;
                    return;
                }
                // skip empty arrival time at once: the slice starts at the first batch after the watermark
                Long first = jdbc.queryForObject("SELECT MIN(batch) FROM reading WHERE batch > ?", Long.class, lo);
                long to = first == null ? hi : Math.min(hi, first - 1 + SLICE_MS);
                Map<Resolution, Map<Key, Agg>> aggs = aggregate(lo, to);
                step[0] = aggs.get(Resolution.MINUTE).values().stream().mapToLong(a -> a.cnt).sum();
                for (Resolution r : Resolution.values()) {
                    merge(r, aggs.get(r));
                }
                jdbc.update("UPDATE rollup_watermark SET batch = ? WHERE name = ?", to, WATERMARK);
                watermark = to;
                step[1] = to >= hi ? 1 : 0;
            });
            total += step[0];
            if (step[1] == 1) {
                return total;
            }
        }
    }

    /** Seconds of arrival not yet in the rollups (0 when caught up). */
    public double lagSeconds() {
        return Math.max(0, writer.lastCommittedBatch() - watermark) / 1000.0;
    }

    private long watermark() {
        List<Long> w = jdbc.queryForList("SELECT batch FROM rollup_watermark WHERE name = ? FOR UPDATE", Long.class,
                WATERMARK);
        if (w.isEmpty()) {
            jdbc.update("INSERT INTO rollup_watermark (name, batch) VALUES (?, 0)", WATERMARK);
            return 0;
        }
        return w.get(0);
    }

    private record Key(long series, long bucket) {
    }

    private static final class Agg {
        long cnt;
        double sum;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;

        void add(long c, double s, double mn, double mx) {
            cnt += c;
            sum += s;
            min = Math.min(min, mn);
            max = Math.max(max, mx);
        }
    }

    private Map<Resolution, Map<Key, Agg>> aggregate(long lo, long hi) {
        Map<Resolution, Map<Key, Agg>> out = new HashMap<>();
        for (Resolution r : Resolution.values()) {
            out.put(r, new HashMap<>());
        }
        jdbc.query("SELECT series_id, ts / 60000, COUNT(num), SUM(num), MIN(num), MAX(num) FROM reading"
                + " WHERE batch > ? AND batch <= ? AND num IS NOT NULL GROUP BY series_id, ts / 60000",
                rs -> {
                    long series = rs.getLong(1);
                    long minute = rs.getLong(2) * 60_000L;
                    long c = rs.getLong(3);
                    double s = rs.getDouble(4);
                    double mn = rs.getDouble(5);
                    double mx = rs.getDouble(6);
                    for (Resolution r : Resolution.values()) {
                        out.get(r).computeIfAbsent(new Key(series, r.bucketOf(minute)), k -> new Agg()).add(c, s, mn, mx);
                    }
                }, lo, hi);
        return out;
    }

    private void merge(Resolution r, Map<Key, Agg> aggs) {
        if (aggs.isEmpty()) {
            return;
        }
        List<Object[]> rows = new ArrayList<>(aggs.size());
        aggs.forEach((k, a) -> rows.add(new Object[] { k.series, k.bucket, a.cnt, a.sum, a.min, a.max }));
        String t = r.table();
        jdbc.batchUpdate("MERGE INTO " + t + " t USING (VALUES (CAST(? AS BIGINT), CAST(? AS BIGINT),"
                + " CAST(? AS BIGINT), CAST(? AS DOUBLE PRECISION), CAST(? AS DOUBLE PRECISION),"
                + " CAST(? AS DOUBLE PRECISION))) AS s (series_id, bucket, cnt, sum_v, min_v, max_v)"
                + " ON t.series_id = s.series_id AND t.bucket = s.bucket"
                + " WHEN MATCHED THEN UPDATE SET cnt = t.cnt + s.cnt, sum_v = t.sum_v + s.sum_v,"
                + " min_v = LEAST(t.min_v, s.min_v), max_v = GREATEST(t.max_v, s.max_v)"
                + " WHEN NOT MATCHED THEN INSERT (series_id, bucket, cnt, sum_v, min_v, max_v)"
                + " VALUES (s.series_id, s.bucket, s.cnt, s.sum_v, s.min_v, s.max_v)", rows);
    }
}
