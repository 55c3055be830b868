package org.hanedge.fleet.backup;

import java.time.Instant;

/**
 * A backup job as the API shows it.
 *
 * @param id       job id (also in the file name)
 * @param state    RUNNING, DONE or FAILED
 * @param database H2 or POSTGRESQL
 * @param phase    what it is doing: {@code copying database}, {@code writing backup file}, {@code done}, {@code failed}
 * @param bytes    bytes written so far (RUNNING) or the backup file's size (DONE)
 * @param file     the backup file on the server (0600, in the backup directory)
 * @param started  start time
 * @param finished end time, once DONE or FAILED
 * @param error    why it FAILED
 */
public record BackupDto(String id, BackupState state, DatabaseKind database, String phase, long bytes, String file,
        Instant started, Instant finished, String error) {
}
