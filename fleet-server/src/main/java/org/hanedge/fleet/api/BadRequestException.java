package org.hanedge.fleet.api;

/** A request that cannot be served as asked: answered 400 naming the parameter and what was wrong with it. */
public class BadRequestException extends RuntimeException {
    private final String parameter;

    public BadRequestException(String parameter, String message) {
        super(parameter + ": " + message);
        this.parameter = parameter;
    }

    public String parameter() {
        return parameter;
    }
}
