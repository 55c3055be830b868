package org.hanedge.demo;

/**
 * The storm: the pump-station simulators (real and virtual) run it from their start ({@code --scenario storm}); the
 * demo announces it and the alarm feed shows what follows.
 */
public final class StormScenario implements DemoScenario {
    private final EventLog events;
    private final SimTime time;

    public StormScenario(EventLog events, SimTime time) {
        this.events = events;
        this.time = time;
    }

    @Override
    public void announce(long now) {
        events.event("storm: rain rising to 60 mm/h at +45 simulated minutes (" + time.realSeconds(45) + " s): "
                + "wet wells fill, pumps start, high-level and flood alarms follow");
    }

    @Override
    public void step(long now) {
        // the simulators run the storm; nothing to drive
    }
}
