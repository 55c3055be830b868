package org.hanedge.demo;

import java.time.Duration;

/** Polling for the supervisor: checks a condition at a fixed interval until it holds or time runs out. */
final class Poll {
    private Poll() {
    }

    /** A condition that may find the demo cannot go on (a process died). */
    @FunctionalInterface
    interface Check {
        boolean done() throws DemoFailure;
    }

    /** True once {@code check} holds, false after {@code atMost}; {@link DemoFailure} from the check passes. */
    static boolean until(Check check, Duration atMost, Duration every) throws DemoFailure {
        long end = System.nanoTime() + atMost.toNanos();
        while (true) {
            if (check.done()) {
                return true;
            }
            if (System.nanoTime() - end >= 0) {
                return false;
            }
            pause(every);
        }
    }

    static void pause(Duration d) throws DemoFailure {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure("interrupted");
        }
    }
}
