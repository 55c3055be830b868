package org.hanedge.fleet.api;

/**
 * A well-formed request the server cannot act on (e.g. a command for a channel that is not a writable output of the
 * device's profile): answered 422 naming the field and what was wrong with it.
 */
public class UnprocessableException extends RuntimeException {
    private final String field;

    public UnprocessableException(String field, String message) {
        super(field + ": " + message);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
