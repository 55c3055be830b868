package org.hanedge.fleet.api;

/** A request that contradicts the current state (e.g. deleting the last admin): answered 409 with the reason. */
public class ConflictException extends RuntimeException {
    public ConflictException(String reason) {
        super(reason);
    }
}
