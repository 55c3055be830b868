package org.hanedge.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

class FleetServerStartTest extends FleetServerTest {
    @Autowired
    JdbcClient jdbc;

    @Test
    void startsOnAFileDatabaseWithTheSchemaMigrated() {
        assertThat(jdbc.sql("SELECT COUNT(*) FROM gateway").query(Long.class).single()).isNotNull();
        assertThat(DATA_DIR.resolve("db/fleet.mv.db")).exists();
    }
}
