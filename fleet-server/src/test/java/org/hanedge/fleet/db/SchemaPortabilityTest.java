package org.hanedge.fleet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * The SQL shapes the server uses, proven to give the same results on H2 and PostgreSQL. The statements here are the
 * portable forms: repositories should use exactly these shapes.
 */
class SchemaPortabilityTest {
    private static final long MINUTE = 60_000;
    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z

    @OnH2AndPostgres
    void migratesTheWholeSchema(TestDatabase db) {
        // Flyway creates its table with quoted lower-case names: H2 upper-cases unquoted names, so quote them
        assertThat(db.jdbc().sql("""
                SELECT "version" FROM "flyway_schema_history" WHERE "type" = 'SQL' AND "success" = TRUE
                """).query(String.class).list()).contains("1", "3", "6", "7", "8", "9", "10"); // V3: alarm history; V6-8: remote config, audit, layers; V9: commands; V10: profile library
        for (String table : List.of("gateway", "gateway_tag", "gateway_group", "gateway_device", "mqtt_credential",
                "series", "reading", "rollup_1m", "rollup_1h", "rollup_1d", "ingest_seq", "dead_letter",
                "gateway_event", "alarm", "operator", "api_token", "gateway_command", "config_version", "config_report", "audit_entry", "config_layer", "config_push",
                "config_push_gateway")) {
            assertThat(db.jdbc().sql("SELECT COUNT(*) FROM " + table).query(Long.class).single())
                    .as(table).isZero();
        }
    }

    @OnH2AndPostgres
    void storesVietnameseNamesExactly(TestDatabase db) {
        insertGateway(db, "dn-gw-1", "Hồ Thạc Gián");
        insertGateway(db, "dn-gw-2", "Trưng Nữ Vương");

        String name = db.jdbc().sql("SELECT name FROM gateway WHERE id = ?").param("dn-gw-1")
                .query(String.class).single();
        assertThat(name.getBytes(StandardCharsets.UTF_8))
                .isEqualTo("Hồ Thạc Gián".getBytes(StandardCharsets.UTF_8));
        assertThat(db.jdbc().sql("SELECT id FROM gateway WHERE name = ?").param("Trưng Nữ Vương")
                .query(String.class).single()).isEqualTo("dn-gw-2");
        // LENGTH counts characters on both
        assertThat(db.jdbc().sql("SELECT LENGTH(name) FROM gateway WHERE id = ?").param("dn-gw-2")
                .query(Integer.class).single()).isEqualTo("Trưng Nữ Vương".length());
    }

    @OnH2AndPostgres
    void batchInsertsReadings(TestDatabase db) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            rows.add(new Object[] {7L, T0 + i * 1000L, (long) i, i * 0.5, null, i % 10 == 0 ? "UNCERTAIN" : null});
        }
        int[] counts = db.jdbcTemplate().batchUpdate(
                "INSERT INTO reading (series_id, ts, seq, num, text, quality) VALUES (?, ?, ?, ?, ?, ?)", rows);

        assertThat(counts).hasSize(1000);
        Map<String, Object> stats = db.jdbc().sql("""
                SELECT COUNT(*) AS n, SUM(num) AS total, COUNT(quality) AS flagged FROM reading WHERE series_id = ?
                """).param(7L).query().singleRow();
        assertThat(((Number) stats.get("n")).longValue()).isEqualTo(1000);
        assertThat(((Number) stats.get("total")).doubleValue()).isEqualTo(0.5 * 999 * 1000 / 2);
        assertThat(((Number) stats.get("flagged")).longValue()).isEqualTo(100);
    }

    static final String ROLLUP_MERGE = """
            MERGE INTO rollup_1m t
            USING (VALUES (?, ?, ?, ?, ?, ?)) AS s(series_id, bucket, cnt, sum_v, min_v, max_v)
            ON t.series_id = s.series_id AND t.bucket = s.bucket
            WHEN MATCHED THEN UPDATE SET cnt = t.cnt + s.cnt, sum_v = t.sum_v + s.sum_v,
                min_v = LEAST(t.min_v, s.min_v), max_v = GREATEST(t.max_v, s.max_v)
            WHEN NOT MATCHED THEN INSERT (series_id, bucket, cnt, sum_v, min_v, max_v)
                VALUES (s.series_id, s.bucket, s.cnt, s.sum_v, s.min_v, s.max_v)
            """;

    @OnH2AndPostgres
    void mergesRollupsAdditivelyInABatch(TestDatabase db) {
        long b0 = T0;
        long b1 = T0 + MINUTE;
        // first flush: two buckets of series 1, one of series 2
        db.jdbcTemplate().batchUpdate(ROLLUP_MERGE, List.of(
                new Object[] {1L, b0, 3L, 30.0, 5.0, 15.0},
                new Object[] {1L, b1, 1L, 7.5, 7.5, 7.5},
                new Object[] {2L, b0, 2L, -4.0, -3.0, -1.0}));
        // second flush: the same bucket twice in one batch, and a new one
        db.jdbcTemplate().batchUpdate(ROLLUP_MERGE, List.of(
                new Object[] {1L, b0, 2L, 6.0, 1.0, 5.0},
                new Object[] {1L, b0, 1L, 20.0, 20.0, 20.0},
                new Object[] {2L, b1, 1L, 0.0, 0.0, 0.0}));

        List<String> rows = db.jdbc().sql("""
                SELECT series_id, bucket, cnt, sum_v, min_v, max_v FROM rollup_1m ORDER BY series_id, bucket
                """).query((rs, i) -> rs.getLong(1) + "@" + (rs.getLong(2) - T0) + ": n=" + rs.getLong(3)
                        + " sum=" + rs.getDouble(4) + " min=" + rs.getDouble(5) + " max=" + rs.getDouble(6)).list();
        assertThat(rows).containsExactly(
                "1@0: n=6 sum=56.0 min=1.0 max=20.0",
                "1@60000: n=1 sum=7.5 min=7.5 max=7.5",
                "2@0: n=2 sum=-4.0 min=-3.0 max=-1.0",
                "2@60000: n=1 sum=0.0 min=0.0 max=0.0");
    }

    /** Merged runs of stored sequence numbers: overlapping or adjacent runs ({@code to + 1 = from}) join. */
    static final String MERGED_SEQ_RUNS = """
            SELECT MIN(seq_from) AS run_from, MAX(seq_to) AS run_to
            FROM (SELECT seq_from, seq_to,
                         SUM(CASE WHEN seq_from <= prev_to + 1 THEN 0 ELSE 1 END)
                             OVER (ORDER BY seq_from ROWS UNBOUNDED PRECEDING) AS run
                  FROM (SELECT seq_from, seq_to,
                               MAX(seq_to) OVER (ORDER BY seq_from
                                                 ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prev_to
                        FROM ingest_seq WHERE gateway_id = ?) runs) numbered
            GROUP BY run
            ORDER BY MIN(seq_from)
            """;

    @OnH2AndPostgres
    void mergesSequenceRunsWithOneQuery(TestDatabase db) {
        long[][] runs = {{1, 10}, {11, 20}, {15, 18}, {25, 30}, {31, 31}, {40, 50}, {42, 60}, {61, 61}, {100, 100}};
        for (long[] run : runs) {
            db.jdbc().sql("INSERT INTO ingest_seq (gateway_id, seq_from, seq_to) VALUES (?, ?, ?)")
                    .params("dn-seq-1", run[0], run[1]).update();
        }
        db.jdbc().sql("INSERT INTO ingest_seq (gateway_id, seq_from, seq_to) VALUES (?, ?, ?)")
                .params("dn-seq-2", 12L, 13L).update();

        List<String> merged = db.jdbc().sql(MERGED_SEQ_RUNS).param("dn-seq-1")
                .query((rs, i) -> rs.getLong("run_from") + "-" + rs.getLong("run_to")).list();
        assertThat(merged).containsExactly("1-20", "25-31", "40-61", "100-100");
    }

    /** Series buckets: integer division of BIGINT milliseconds, grouped in a derived table. */
    static final String SERIES_BUCKETS = """
            SELECT b, MIN(num) AS lo, MAX(num) AS hi, AVG(num) AS mean, COUNT(*) AS n
            FROM (SELECT (ts / ?) * ? AS b, num FROM reading WHERE series_id = ? AND ts >= ? AND ts < ?) r
            GROUP BY b
            ORDER BY b
            """;

    @OnH2AndPostgres
    void aggregatesASeriesIntoBuckets(TestDatabase db) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) { // one reading every 25 s: 0, 25, 50 | 75, 100 | 125, 150, 175 | 200, 225 s
            rows.add(new Object[] {3L, T0 + i * 25_000L, (long) i, (double) i});
        }
        rows.add(new Object[] {4L, T0, 99L, 1000.0});
        db.jdbcTemplate().batchUpdate("INSERT INTO reading (series_id, ts, seq, num) VALUES (?, ?, ?, ?)", rows);

        List<String> buckets = db.jdbc().sql(SERIES_BUCKETS)
                .params(MINUTE, MINUTE, 3L, T0 + 25_000L, T0 + 225_000L)
                .query((rs, i) -> (rs.getLong("b") - T0) / 1000 + "s: " + rs.getDouble("lo") + ".."
                        + rs.getDouble("hi") + " avg " + rs.getDouble("mean") + " n " + rs.getLong("n")).list();
        assertThat(buckets).containsExactly(
                "0s: 1.0..2.0 avg 1.5 n 2",
                "60s: 3.0..4.0 avg 3.5 n 2",
                "120s: 5.0..7.0 avg 6.0 n 3",
                "180s: 8.0..8.0 avg 8.0 n 1");
    }

    @OnH2AndPostgres
    void returnsGeneratedIdentityKeys(TestDatabase db) {
        long first = insertDeadLetter(db, "bad json");
        long second = insertDeadLetter(db, "Cà Mau: too big");

        assertThat(second).isGreaterThan(first);
        assertThat(db.jdbc().sql("SELECT detail FROM dead_letter WHERE id = ?").param(second)
                .query(String.class).single()).isEqualTo("Cà Mau: too big");
    }

    @OnH2AndPostgres
    void pagesWithLimitAndOffset(TestDatabase db) {
        for (int i = 1; i <= 7; i++) {
            insertGateway(db, "dn-page-" + i, "Trạm " + i);
        }
        String page = "SELECT id FROM gateway ORDER BY id LIMIT ? OFFSET ?";

        assertThat(db.jdbc().sql(page).params(3, 0).query(String.class).list())
                .containsExactly("dn-page-1", "dn-page-2", "dn-page-3");
        assertThat(db.jdbc().sql(page).params(3, 6).query(String.class).list()).containsExactly("dn-page-7");
        assertThat(db.jdbc().sql(page).params(3, 9).query(String.class).list()).isEmpty();
    }

    @OnH2AndPostgres
    void filtersWithOptionalParametersAndCaseInsensitiveSearch(TestDatabase db) {
        insertGateway(db, "dn-f-1", "Hồ Thạc Gián");
        insertGateway(db, "dn-f-2", "Trưng Nữ Vương");
        // PostgreSQL cannot type a bare "? IS NULL" when the value is null: cast it
        String search = """
                SELECT id FROM gateway
                WHERE (CAST(? AS VARCHAR(100)) IS NULL OR LOWER(name) LIKE CAST(? AS VARCHAR(100)))
                ORDER BY id
                """;

        assertThat(db.jdbc().sql(search).params(null, null).query(String.class).list())
                .containsExactly("dn-f-1", "dn-f-2");
        assertThat(db.jdbc().sql(search).params("%nữ vư%", "%nữ vư%").query(String.class).list())
                .containsExactly("dn-f-2");
        assertThat(db.jdbc().sql(search).params("%THẠC%", "%thạc%").query(String.class).list())
                .containsExactly("dn-f-1");
    }

    private static long insertDeadLetter(TestDatabase db, String detail) {
        KeyHolder keys = new GeneratedKeyHolder();
        db.jdbc().sql("""
                INSERT INTO dead_letter (received_at, gateway_id, topic, reason, detail, payload_size)
                VALUES (?, ?, ?, ?, ?, ?)
                """).params(T0, "dn-dl-1", Topics.of("dn-dl-1", TopicKind.TELEMETRY), "MALFORMED", detail, 12)
                .update(keys, "id");
        return keys.getKeyAs(Long.class);
    }

    private static void insertGateway(TestDatabase db, String id, String name) {
        db.jdbc().sql("INSERT INTO gateway (id, kind, name, created_at) VALUES (?, ?, ?, ?)")
                .params(id, "lake", name, T0).update();
    }
}
