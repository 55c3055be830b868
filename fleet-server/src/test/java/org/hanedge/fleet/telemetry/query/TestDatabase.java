package org.hanedge.fleet.telemetry.query;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import org.flywaydb.core.Flyway;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.GeneratedKeyHolder;

/**
 * A fresh H2 file database in a temp directory with the real migrations applied, plus helpers inserting rows the
 * way the ingest stores them (tests of the read side set up their data directly). With the system property
 * {@code hanedge.test.postgres} (a JDBC URL, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres})
 * each instance is a fresh schema in that PostgreSQL database instead, so the same tests check the SQL there; the
 * value {@code shared} uses a real PostgreSQL server started for the test JVM (the build's second surefire run).
 */
public final class TestDatabase {
    public final DataSource dataSource;
    public final JdbcClient jdbc;

    public TestDatabase() {
        try {
            String postgres = System.getProperty("hanedge.test.postgres");
            if ("shared".equals(postgres)) {
                postgres = SharedPostgres.URL.get();
            }
            DriverManagerDataSource ds;
            if (postgres != null && !postgres.isBlank()) {
                String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
                ds = new DriverManagerDataSource(postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema="
                        + schema);
                Flyway.configure().dataSource(ds).schemas(schema).createSchemas(true)
                        .locations("classpath:db/migration").load().migrate();
            } else {
                Path dir = Files.createTempDirectory("fleet-query-test");
                ds = new DriverManagerDataSource(
                        "jdbc:h2:file:" + dir.resolve("t").toAbsolutePath() + ";DB_CLOSE_DELAY=-1", "sa", "");
                Flyway.configure().dataSource(ds).locations("classpath:db/migration").load().migrate();
            }
            this.dataSource = ds;
            this.jdbc = JdbcClient.create(ds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void gateway(String id, String kind, String name, String district) {
        jdbc.sql("INSERT INTO gateway (id, kind, name, district, profile_id, created_at) VALUES (?, ?, ?, ?, ?, 0)")
                .params(id, kind, name, district, kind).update();
    }

    public void tag(String gatewayId, String tag) {
        jdbc.sql("INSERT INTO gateway_tag (gateway_id, tag) VALUES (?, ?)").params(gatewayId, tag).update();
    }

    /** A series with no latest value yet; its id. */
    public long series(String gatewayId, String deviceId, String channel, String valueKind, String unit) {
        GeneratedKeyHolder keys = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO series (gateway_id, device_id, channel, unit, value_kind) VALUES (?, ?, ?, ?, ?)")
                .params(gatewayId, deviceId, channel, unit, valueKind).update(keys, "id");
        return keys.getKey().longValue();
    }

    public void latest(long seriesId, long time, Double value, String text, String quality) {
        jdbc.sql("UPDATE series SET last_time = ?, last_value = ?, last_text = ?, last_quality = ? WHERE id = ?")
                .params(time, value, text, quality, seriesId).update();
    }

    public void reading(long seriesId, long ts, long seq, Double num, String text, String quality) {
        jdbc.sql("INSERT INTO reading (series_id, ts, seq, num, text, quality) VALUES (?, ?, ?, ?, ?, ?)")
                .params(seriesId, ts, seq, num, text, quality).update();
    }

    /** Many numeric readings at once: value i at {@code start + i * every}. */
    public void readings(long seriesId, long start, long every, int n) {
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(new Object[] { seriesId, start + i * every, (long) i, (double) i });
        }
        new JdbcTemplate(dataSource).batchUpdate("INSERT INTO reading (series_id, ts, seq, num) VALUES (?, ?, ?, ?)",
                rows);
    }

    /** A rollup row; {@code table} is rollup_1m, rollup_1h or rollup_1d. */
    public void rollup(String table, long seriesId, long bucket, long cnt, double sum, double min, double max) {
        jdbc.sql("INSERT INTO " + table + " (series_id, bucket, cnt, sum_v, min_v, max_v) VALUES (?, ?, ?, ?, ?, ?)")
                .params(seriesId, bucket, cnt, sum, min, max).update();
    }

    public void alarm(String gatewayId, String channel, String key, String state, long raisedAt) {
        jdbc.sql("INSERT INTO alarm (gateway_id, device_id, channel, alarm_key, severity, state, source, raised_at) "
                + "VALUES (?, 'd1', ?, ?, 'WARNING', ?, 'GATEWAY', ?)")
                .params(gatewayId, channel, key, state, raisedAt).update();
    }

    /** One database on the JVM's shared PostgreSQL server (test-support), created on first use. */
    private static final class SharedPostgres {
        static final java.util.function.Supplier<String> URL = new java.util.function.Supplier<>() {
            private String url;

            @Override
            public synchronized String get() {
                if (url == null) {
                    org.hanedge.testing.PostgresServer server = org.hanedge.testing.PostgresServer.shared();
                    url = server.createDatabase("fleet_query") + "?user=" + server.username();
                }
                return url;
            }
        };
    }
}
