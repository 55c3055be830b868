package org.hanedge.simulators.fleet;

/** A virtual fleet cannot be set up: unreadable credentials file, unknown profile, bad setting. One-line message. */
public final class FleetConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public FleetConfigException(String message) {
        super(message);
    }
}
