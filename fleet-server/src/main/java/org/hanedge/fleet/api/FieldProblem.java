package org.hanedge.fleet.api;

/** One entry of a problem body's {@code errors} array: which field or parameter, and what was wrong with it. */
public record FieldProblem(String field, String message) {

    @Override
    public String toString() {
        return field + ": " + message;
    }
}
