package org.hanedge.demo;

/**
 * A scenario once the city is ready: {@link #announce} once, then {@link #step} about once a second with the
 * monotonic time in milliseconds, until the demo stops.
 */
public interface DemoScenario {

    /** No scenario: the city just runs. */
    DemoScenario NORMAL = new DemoScenario() {
        @Override
        public void announce(long now) {
        }

        @Override
        public void step(long now) {
        }
    };

    /** Says what is coming; {@code now} is the time of "ready". */
    void announce(long now);

    /** Does what is due at {@code now}. */
    void step(long now) throws DemoFailure;
}
