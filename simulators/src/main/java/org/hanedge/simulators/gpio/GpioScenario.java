package org.hanedge.simulators.gpio;

/**
 * What happens on a site kind's GPIO pins over simulated time. {@link #advance} is called by a
 * {@link GpioScenarioDriver} (one thread) with consecutive intervals of simulated seconds since the scenario started.
 */
public interface GpioScenario {

    /** Drives the pins for the simulated interval {@code (fromS, toS]}. */
    void advance(double fromS, double toS, GpioSimServer server);

    /** One line describing the scenario, printed at start-up. */
    String describe();
}
