package org.hanedge.fleet.db;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.zaxxer.hikari.HikariDataSource;

/**
 * One fresh database with the fleet schema migrated (Flyway, {@code classpath:db/migration}), owned by one test
 * invocation: {@link #close()} (JUnit calls it after the invocation) closes its pool and deletes the database.
 * Created by {@link TestDatabases}.
 */
public final class TestDatabase implements AutoCloseable {
    private final TestDatabases.Kind kind;
    private final HikariDataSource dataSource;
    private final JdbcClient jdbc;
    private final JdbcTemplate jdbcTemplate;
    private final Runnable drop;

    TestDatabase(TestDatabases.Kind kind, HikariDataSource dataSource, Runnable drop) {
        this.kind = kind;
        this.dataSource = dataSource;
        this.jdbc = JdbcClient.create(dataSource);
        this.jdbcTemplate = new JdbcTemplate(dataSource);
        this.drop = drop;
    }

    /** {@code H2} or {@code PostgreSQL}: the parameterised test's display name. */
    public String name() {
        return kind.displayName();
    }

    public TestDatabases.Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public JdbcClient jdbc() {
        return jdbc;
    }

    /** For JDBC batches ({@link JdbcClient} has none). */
    public JdbcTemplate jdbcTemplate() {
        return jdbcTemplate;
    }

    public String url() {
        return dataSource.getJdbcUrl();
    }

    @Override
    public void close() {
        dataSource.close();
        drop.run();
    }

    @Override
    public String toString() {
        return name();
    }
}
