package org.hanedge.fleet.disk;

import java.sql.SQLException;

/** Recognises a database write that failed because its disk is full, whatever layer reports it. */
public final class DiskFull {
    /** PostgreSQL's SQLSTATE {@code disk_full}. */
    static final String PG_DISK_FULL = "53100";

    private DiskFull() {
    }

    /**
     * True if the cause chain says the disk is full: the OS error (ENOSPC, "No space left on device"; Windows' "not
     * enough space on the disk"), PostgreSQL's {@code 53100}, or H2's store failing to write its file (which H2
     * reports without the OS error when the file cannot grow).
     */
    public static boolean isDiskFull(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = String.valueOf(t.getMessage());
            if (m.contains("No space left on device") || m.contains("not enough space on the disk")) {
                return true;
            }
            if (t instanceof SQLException s && PG_DISK_FULL.equals(s.getSQLState())) {
                return true;
            }
            if (m.contains("MVStoreException: Writing to") || t.getClass().getName().equals(
                    "org.h2.mvstore.MVStoreException") && m.startsWith("Writing to")) {
                return true;
            }
        }
        return false;
    }

    /** H2 closed the database after its store failed to write (reopened by a new connection). */
    static boolean isH2Closed(SQLException e) {
        return e.getErrorCode() == 90098 || e.getErrorCode() == 90121;
    }
}
