package org.hanedge.fleet.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.flywaydb.core.Flyway;
import org.hanedge.testing.PostgresServer;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

/**
 * Runs one repository test body against both databases the server supports: H2 in file mode (the default) and a
 * real PostgreSQL server ({@link PostgresServer#shared()}). Each invocation gets a fresh {@link TestDatabase} with
 * the schema migrated; JUnit closes (deletes) it after the invocation. Use it through {@link OnH2AndPostgres}:
 *
 * <pre>{@code
 * @OnH2AndPostgres
 * void storesReadings(TestDatabase db) {
 *     db.jdbc().sql("INSERT INTO ...").update();
 * }
 * }</pre>
 *
 * Cheap: Flyway migrates once per database kind per JVM, into a template; each test then gets a copy of it
 * ({@code CREATE DATABASE x TEMPLATE fleet_template} on PostgreSQL, a copy of the closed template file on H2).
 * {@link #create(Kind)} gives a database outside a parameterised test.
 */
public final class TestDatabases implements ArgumentsProvider {
    /** The H2 URL options of {@code application.yml}, so tests see the production settings. */
    static final String H2_OPTIONS = ";DB_CLOSE_ON_EXIT=FALSE;AUTO_SERVER=FALSE";
    private static final String PG_TEMPLATE = "fleet_template";
    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static Path h2Root;
    private static boolean pgTemplateReady;

    public enum Kind {
        H2("H2"), POSTGRES("PostgreSQL");

        private final String displayName;

        Kind(String displayName) {
            this.displayName = displayName;
        }

        public String displayName() {
            return displayName;
        }
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ExtensionContext context) {
        // lazy: each database is created just before its invocation
        return Stream.of(Kind.values()).map(kind -> Arguments.of(create(kind)));
    }

    /** A fresh, migrated database of that kind; the caller closes it. */
    public static TestDatabase create(Kind kind) {
        return kind == Kind.H2 ? h2() : postgres();
    }

    private static TestDatabase h2() {
        Path template = h2Template();
        Path dir = h2Root.resolve("db-" + COUNTER.incrementAndGet());
        try {
            Files.createDirectories(dir);
            Files.copy(template, dir.resolve("fleet.mv.db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        HikariDataSource ds = pool("jdbc:h2:file:" + dir.resolve("fleet") + H2_OPTIONS, "sa", "");
        return new TestDatabase(Kind.H2, ds, () -> deleteTree(dir));
    }

    private static TestDatabase postgres() {
        PostgresServer server = PostgresServer.shared();
        postgresTemplate(server);
        String name = "fleet_test_" + COUNTER.incrementAndGet();
        String url = server.createDatabase(name, PG_TEMPLATE);
        HikariDataSource ds = pool(url, server.username(), server.password());
        return new TestDatabase(Kind.POSTGRES, ds, () -> server.dropDatabase(name));
    }

    /** Migrates H2 once per JVM; the file is complete once its last connection closed. */
    private static synchronized Path h2Template() {
        if (h2Root == null) {
            try {
                Path root = Files.createTempDirectory("fleet-h2-test");
                Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(root), "fleet-h2-test-cleanup"));
                migrate("jdbc:h2:file:" + root.resolve("template/fleet") + H2_OPTIONS, "sa", "");
                h2Root = root;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return h2Root.resolve("template/fleet.mv.db");
    }

    /** Migrates a PostgreSQL template database once per JVM (Flyway's connections are closed afterwards). */
    private static synchronized void postgresTemplate(PostgresServer server) {
        if (!pgTemplateReady) {
            migrate(server.createDatabase(PG_TEMPLATE), server.username(), server.password());
            pgTemplateReady = true;
        }
    }

    private static void migrate(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").load().migrate();
    }

    private static HikariDataSource pool(String url, String user, String password) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(1);
        config.setPoolName("test-" + COUNTER.get());
        return new HikariDataSource(config);
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // best effort: a temp directory left behind
        }
    }
}
