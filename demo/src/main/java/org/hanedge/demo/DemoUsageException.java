package org.hanedge.demo;

/** A wrong option or a machine the demo cannot run on: printed after "hanedge demo: ", exit code 2. */
public final class DemoUsageException extends Exception {
    private static final long serialVersionUID = 1L;

    public DemoUsageException(String message) {
        super(message);
    }
}
