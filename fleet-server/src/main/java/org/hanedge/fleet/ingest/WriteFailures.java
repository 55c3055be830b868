package org.hanedge.fleet.ingest;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;

/** Tells a write that failed because of the message from one that failed because of the database. */
final class WriteFailures {
    private WriteFailures() {
    }

    /**
     * Whether the failure can be the message's own (a value out of range, a constraint, an error the database cannot
     * classify): only then is a message that fails alone a poison message. A lock timeout, a full disk, an I/O error,
     * a lost connection are retried instead: they say nothing about the message, and a dead letter keeps only a
     * note of it while its sender is told it was stored.
     */
    static boolean isPoison(RuntimeException e) {
        if (e instanceof DataIntegrityViolationException) {
            return true;
        }
        if (e instanceof TransientDataAccessException || e instanceof RecoverableDataAccessException
                || e instanceof DataAccessResourceFailureException) {
            return false;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.sql.SQLException sql && isResourceProblem(sql)) {
                return false;
            }
            if (t instanceof java.io.IOException || t instanceof OutOfMemoryError) {
                return false;
            }
        }
        return true;
    }

    /** SQL states of connection (08), resources such as a full disk (53), operator (57) and system (58) errors, timeouts
     * (HYT); H2's I/O, closed-database and lock-timeout error codes. */
    private static boolean isResourceProblem(java.sql.SQLException e) {
        String state = e.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("53") || state.startsWith("57")
                || state.startsWith("58") || state.startsWith("HYT"))) {
            return true;
        }
        return switch (e.getErrorCode()) {
            case 90028, 90031, 90098, 90108, 90121, 50200 -> true;
            default -> false;
        };
    }
}
