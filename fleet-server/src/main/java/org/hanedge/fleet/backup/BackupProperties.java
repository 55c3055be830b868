package org.hanedge.fleet.backup;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings under {@code hanedge.fleet.backup}.
 *
 * @param dir    where the server writes backups (created 0700; default {@code <data-dir>/backups})
 * @param pgDump the {@code pg_dump} program used when the database is PostgreSQL (a name on the PATH or a path)
 */
@ConfigurationProperties("hanedge.fleet.backup")
public record BackupProperties(Path dir, @DefaultValue("pg_dump") String pgDump) {
}
