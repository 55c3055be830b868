package org.hanedge.fleet.backup;

/** A backup or restore that cannot go on; the message says what and why, for an operator. */
public class BackupException extends RuntimeException {
    public BackupException(String message) {
        super(message);
    }

    public BackupException(String message, Throwable cause) {
        super(message, cause);
    }
}
