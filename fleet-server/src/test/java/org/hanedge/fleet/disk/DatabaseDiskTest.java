package org.hanedge.fleet.disk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.mock.env.MockEnvironment;
import org.springframework.util.unit.DataSize;

/** How the guard recognises a full disk from a failed write, and where an H2 database lives. */
class DatabaseDiskTest {
    private static final DiskProperties SETTINGS = new DiskProperties(DataSize.ofMegabytes(128),
            DataSize.ofMegabytes(192), Duration.ofSeconds(2));

    @Test
    void theDirectoryOfAnH2FileDatabase() {
        assertThat(DatabaseDisk.h2Directory("jdbc:h2:file:/srv/fleet/db/fleet;DB_CLOSE_ON_EXIT=FALSE"))
                .contains(Path.of("/srv/fleet/db"));
        assertThat(DatabaseDisk.h2Directory("jdbc:h2:mem:test")).isEmpty();
        assertThat(DatabaseDisk.h2Directory("jdbc:postgresql://db/fleet")).isEmpty();
    }

    @Test
    void postgresDiskFullCountsUntilAWriteSucceeds() {
        DatabaseDisk disk = new DatabaseDisk(SETTINGS,
                new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/fleet"),
                Clock.systemUTC());
        assertThat(disk.full()).isFalse();
        assertThat(disk.writeFailed(new DataAccessResourceFailureException("insert failed",
                new SQLException("could not extend file: No space left on device", "53100")))).isTrue();
        assertThat(disk.full()).isTrue();
        assertThat(disk.problem()).contains("jdbc:postgresql://db/fleet").contains("disk is full");
        disk.writeSucceeded();
        assertThat(disk.full()).isFalse();
    }

    @Test
    void otherFailuresAreNotAFullDisk() {
        DatabaseDisk disk = new DatabaseDisk(SETTINGS,
                new MockEnvironment().withProperty("spring.datasource.url", "jdbc:postgresql://db/fleet"),
                Clock.systemUTC());
        assertThat(disk.writeFailed(new DataAccessResourceFailureException("connection refused"))).isFalse();
        assertThat(disk.full()).isFalse();
        assertThat(DiskFull.isDiskFull(new RuntimeException(new java.io.IOException("No space left on device"))))
                .isTrue();
        assertThat(DiskFull.isDiskFull(new SQLException("General error: \"org.h2.mvstore.MVStoreException: Writing"
                + " to sun.nio.ch.FileChannelImpl@1 failed; length 49152 at 7757824 [2.3.232/2]\"", "HY000", 50000)))
                .isTrue();
    }
}
