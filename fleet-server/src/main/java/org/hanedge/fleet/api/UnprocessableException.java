package org.hanedge.fleet.api;

import java.util.List;

/**
 * A request that is well formed but whose content is refused (a configuration the gateway's parser refuses):
 * answered 422 with {@code title}, a one-line {@code detail} and the {@code errors} by field.
 */
public class UnprocessableException extends RuntimeException {
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

    public String title() {
        return title;
    }

    public List<FieldProblem> errors() {
        return errors;
    }
}
