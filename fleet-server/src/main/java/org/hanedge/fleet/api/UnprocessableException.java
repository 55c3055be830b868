package org.hanedge.fleet.api;

import java.util.List;

/**
 * A request that is well formed but whose content is refused (a configuration the gateway's parser refuses, a command
 * for a channel that is not a writable output): answered 422 with {@code title}, a one-line {@code detail} and the
 * {@code errors} by field.
 */
public class UnprocessableException extends RuntimeException {
    private static final String ONE_FIELD_TITLE = "Unprocessable request";

    private final String title;
    private final transient List<FieldProblem> errors;

    /** @param errors at least one: the field (path in the document) and what is wrong with it */
    public UnprocessableException(String title, String detail, List<FieldProblem> errors) {
        super(detail);
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("a refusal needs a reason");
        }
        this.title = title;
        this.errors = List.copyOf(errors);
    }

    /** One refused field: detail {@code field: message}. */
    public UnprocessableException(String field, String message) {
        this(ONE_FIELD_TITLE, field + ": " + message, List.of(new FieldProblem(field, message)));
    }

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
