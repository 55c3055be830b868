package org.hanedge.fleet.backup;

/** Where a backup job is. */
public enum BackupState {
    /** The database is being copied (bytes grow). */
    RUNNING,
    /** The backup file is complete. */
    DONE,
    /** It failed; {@code error} says why, and no backup file was left. */
    FAILED
}
