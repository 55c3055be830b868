package org.hanedge.fleet.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.testing.PostgresServer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole fleet server (embedded broker, HTTP, Flyway) on a real PostgreSQL database instead of H2. Its own
 * Spring context (not shared with {@link FleetServerTest}): a fresh empty database that Flyway migrates on start.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PostgresFleetServerTest {
    private static final PostgresServer POSTGRES = PostgresServer.shared();
    private static final String DATABASE = "fleet_server_" + ProcessHandle.current().pid();

    @Autowired
    JdbcClient jdbc;
    @Autowired
    DataSource dataSource;

    @DynamicPropertySource
    static void fleetProperties(DynamicPropertyRegistry registry) throws IOException {
        Path dataDir = Files.createTempDirectory("fleet-pg-test");
        String url = POSTGRES.createDatabase(DATABASE);
        registry.add("spring.datasource.url", () -> url);
        registry.add("spring.datasource.username", POSTGRES::username);
        registry.add("spring.datasource.password", POSTGRES::password);
        registry.add("hanedge.fleet.data-dir", dataDir::toString);
        int mqttPort = FleetServerTest.freePort();
        registry.add("hanedge.fleet.mqtt.port", () -> mqttPort);
        registry.add("hanedge.fleet.mqtt.bind-address", () -> "127.0.0.1");
        registry.add("hanedge.fleet.profiles-dir", () -> FleetServerTest.projectPath("device-profiles").toString());
    }

    @Test
    void startsOnPostgresWithTheSchemaMigrated() throws Exception {
        try (var connection = dataSource.getConnection()) {
            assertThat(connection.getMetaData().getDatabaseProductName()).isEqualTo("PostgreSQL");
            assertThat(connection.getCatalog()).isEqualTo(DATABASE);
        }
        assertThat(jdbc.sql("""
                SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public' AND table_name = 'gateway'
                """).query(Long.class).single()).isEqualTo(1);
        assertThat(jdbc.sql("""
                SELECT version FROM flyway_schema_history WHERE type = 'SQL' AND success ORDER BY installed_rank
                """).query(String.class).list()).contains("1", "3"); // V3: alarm history, webhooks
        assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway").query(Long.class).single()).isZero();
    }
}
