package org.hanedge.fleet.telemetry.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.db.OnH2AndPostgres;
import org.hanedge.fleet.db.TestDatabase;
import org.hanedge.fleet.ingest.DeadLetter;
import org.hanedge.fleet.ingest.IngestItem;
import org.hanedge.fleet.ingest.IngestMetrics;
import org.hanedge.fleet.ingest.IngestWriter;
import org.hanedge.fleet.ingest.SeqCompaction;
import org.hanedge.fleet.ingest.SeqDedup;
import org.hanedge.gateway.api.profile.ValueKind;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** The writer, rollups, latest values, dedup state and retention on H2 and on PostgreSQL. */
class StorePipelineTest {
    private static final long HOUR = 3_600_000L;
    private static final long T0 = 1_790_000_000_000L / HOUR * HOUR; // an hour boundary

    private record Pipeline(IngestWriter writer, RollupJob rollups, LatestValues latest) {
    }

    private static Pipeline pipeline(TestDatabase db) {
        FleetProperties props = new Binder(new MapConfigurationPropertySource(Map.of("hanedge.fleet.ingest.batch-size", "100")))
                .bindOrCreate("hanedge.fleet", FleetProperties.class);
        JdbcTransactionManager tx = new JdbcTransactionManager(db.dataSource());
        SeriesRegistry series = new SeriesRegistry(db.jdbc());
        LatestValues latest = new LatestValues(db.jdbcTemplate());
        IngestWriter writer = new IngestWriter(props, tx, db.jdbc(), db.jdbcTemplate(),
                new ReadingStore(db.jdbcTemplate(), series), series, latest, new IngestMetrics(new SimpleMeterRegistry()),
                Clock.systemUTC());
        return new Pipeline(writer, new RollupJob(db.jdbcTemplate(), tx, writer), latest);
    }

    private static StoredReading level(String gw, long ts, long seq, double v) {
        return new StoredReading(gw, "sonde", "water_level", "m", ValueKind.NUMBER, ts, seq, v, null, null);
    }

    @OnH2AndPostgres
    void writesRollsUpAndKeepsTheNewestValue(TestDatabase db) {
        Pipeline p = pipeline(db);
        p.writer().start();
        try {
            AtomicInteger acked = new AtomicInteger();
            // 120 readings over two hours, one a minute; then a late one for the first hour
            List<StoredReading> rs = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                rs.add(level("G1", T0 + i * 60_000L, i + 1, i));
            }
            p.writer().submit(new IngestItem("G1", rs, List.of(), rs.stream().mapToLong(StoredReading::seq).toArray(),
                    null, acked::incrementAndGet));
            DeadLetter dl = new DeadLetter(T0, "G1", Topics.of("G1", TopicKind.TELEMETRY), "NOT_SENML", "not JSON",
                    new byte[] { 1, 2 });
            p.writer().submit(IngestItem.deadLetter(dl, acked::incrementAndGet));
            await().until(() -> acked.get() == 2);
            assertThat(p.rollups().runOnce()).isEqualTo(120);
            p.writer().submit(new IngestItem("G1", List.of(level("G1", T0 + 30 * 60_000L + 1, 500, 1000)), List.of(),
                    new long[] { 500 }, null, acked::incrementAndGet));
            await().until(() -> acked.get() == 3);
            assertThat(p.rollups().runOnce()).isEqualTo(1);
            assertThat(p.rollups().runOnce()).isZero();

            var hours = db.jdbc().sql("SELECT bucket, cnt, sum_v, min_v, max_v FROM rollup_1h ORDER BY bucket")
                    .query((r, n) -> new double[] { r.getLong(1), r.getLong(2), r.getDouble(3), r.getDouble(4), r.getDouble(5) })
                    .list();
            assertThat(hours).hasSize(2);
            assertThat(hours.get(0)).containsExactly(T0, 61, 1770 + 1000, 0, 1000); // 0..59 plus the late 1000
            assertThat(hours.get(1)).containsExactly(T0 + HOUR, 60, 5370, 60, 119);
            assertThat(db.jdbc().sql("SELECT cnt FROM rollup_1m WHERE bucket = ?").param(T0 + 30 * 60_000L)
                    .query(Long.class).single()).isEqualTo(2);
            assertThat(db.jdbc().sql("SELECT SUM(cnt) FROM rollup_1d").query(Long.class).single()).isEqualTo(121);

            p.latest().flush();
            assertThat(db.jdbc().sql("SELECT last_value FROM series WHERE gateway_id = 'G1'").query(Double.class).single())
                    .isEqualTo(119.0); // the late reading is older than the newest
            assertThat(db.jdbc().sql("SELECT reason FROM dead_letter").query(String.class).single()).isEqualTo("NOT_SENML");
            assertThat(db.jdbc().sql("SELECT payload FROM dead_letter").query(String.class).single()).isEqualTo("AQI=");
        } finally {
            p.writer().stop();
        }
    }

    @OnH2AndPostgres
    void dedupStateIsStoredWithTheDataAndCompacted(TestDatabase db) {
        Pipeline p = pipeline(db);
        p.writer().start();
        try {
            AtomicInteger acked = new AtomicInteger();
            for (int m = 0; m < 40; m++) {
                long seq = m * 2L + 1;
                p.writer().submit(new IngestItem("G2", List.of(level("G2", T0 + m, seq, m), level("G2", T0 + m, seq + 1, m)),
                        List.of(), new long[] { seq, seq + 1 }, null, acked::incrementAndGet));
            }
            await().until(() -> acked.get() == 40);
        } finally {
            p.writer().stop();
        }
        assertThat(db.jdbc().sql("SELECT COUNT(*) FROM ingest_seq").query(Long.class).single()).isGreaterThan(1);
        assertThat(new SeqCompaction(db.jdbcTemplate(), new JdbcTransactionManager(db.dataSource())).compact("G2"))
                .isEqualTo(1);
        assertThat(db.jdbc().sql("SELECT seq_from, seq_to FROM ingest_seq").query((r, n) -> r.getLong(1) + "-" + r.getLong(2))
                .single()).isEqualTo("1-80");
        // a fresh dedup (a restarted server) knows every stored number
        SeqDedup dedup = new SeqDedup(db.jdbc());
        assertThat(dedup.claim("G2", 1)).isFalse();
        assertThat(dedup.claim("G2", 80)).isFalse();
        assertThat(dedup.claim("G2", 81)).isTrue();
        assertThat(dedup.claim("G3", 1)).isTrue();
    }

    @OnH2AndPostgres
    void aBacklogIsRolledUpInBoundedSlicesAcrossGaps(TestDatabase db) {
        // readings that arrived over 25 s, then nothing for hours, then one more: several slices and a jump
        long[] batches = { 1_000, 9_000, 12_000, 26_000, 7_200_000 };
        for (int i = 0; i < batches.length; i++) {
            db.jdbc().sql("INSERT INTO reading (series_id, ts, seq, num, batch) VALUES (7, ?, ?, ?, ?)")
                    .params(T0 + i * 60_000L, i + 1, (double) i, batches[i]).update();
        }
        Pipeline p = pipeline(db);
        assertThat(p.rollups().runOnce()).isEqualTo(5);
        assertThat(p.rollups().lagSeconds()).isZero();
        assertThat(db.jdbc().sql("SELECT SUM(cnt) FROM rollup_1m WHERE series_id = 7").query(Long.class).single())
                .isEqualTo(5);
        assertThat(db.jdbc().sql("SELECT batch FROM rollup_watermark").query(Long.class).single()).isEqualTo(7_200_000);
        assertThat(p.rollups().runOnce()).isZero();
    }

    @OnH2AndPostgres
    void retentionDeletesWhatIsPastItsTime(TestDatabase db) {
        FleetProperties props = new Binder(new MapConfigurationPropertySource(Map.of("hanedge.fleet.retention.raw", "1d")))
                .bindOrCreate("hanedge.fleet", FleetProperties.class);
        long now = System.currentTimeMillis();
        db.jdbc().sql("INSERT INTO reading (series_id, ts, seq, num, batch) VALUES (1, 1, 1, 1.0, ?), (1, 2, 2, 2.0, ?)")
                .params(now - 3 * 86_400_000L, now - 3_600_000L).update();
        db.jdbc().sql("INSERT INTO rollup_1m (series_id, bucket, cnt, sum_v, min_v, max_v) VALUES (1, ?, 1, 1, 1, 1)")
                .param(now - 200 * 86_400_000L).update();
        long deleted = new RetentionJob(db.jdbcTemplate(), props, Clock.systemUTC()).runOnce();
        assertThat(deleted).isEqualTo(2);
        assertThat(db.jdbc().sql("SELECT seq FROM reading").query(Long.class).list()).containsExactly(2L);
    }
}
