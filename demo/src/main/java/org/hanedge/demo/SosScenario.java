package org.hanedge.demo;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * SOS: a simulated minute after "ready" the demo presses the boat's SOS button (the simulator's {@code sos} command
 * on its control line) and names the position the API shows for the boat.
 */
public final class SosScenario implements DemoScenario {
    private final String boat;
    private final ControlLine simulator;
    private final Supplier<Optional<String>> position;
    private final EventLog events;
    private final Console console;
    private final long leadMillis;
    private long dueAt = Long.MAX_VALUE;
    private boolean pressed;

    /** @param position the boat's position as the API shows it ("16.1 N 109.2 E"), empty if unknown */
    public SosScenario(String boat, ControlLine simulator, Supplier<Optional<String>> position, EventLog events,
            Console console, SimTime time) {
        this.boat = boat;
        this.simulator = simulator;
        this.position = position;
        this.events = events;
        this.console = console;
        this.leadMillis = time.realSeconds(DemoTimings.LEAD_MINUTES) * 1000;
    }

    @Override
    public void announce(long now) {
        dueAt = now + leadMillis;
        console.say("scenario sos: " + boat + " is on its fishing grounds; SOS in " + leadMillis / 1000 + " s");
    }

    @Override
    public void step(long now) throws DemoFailure {
        if (pressed || now < dueAt) {
            return;
        }
        String where = position.get().orElse("an unknown position");
        simulator.send("sos");
        pressed = true;
        events.event("sos-pressed gateway=" + boat + ": the skipper of " + boat + " presses SOS at " + where
                + " (fishing grounds, about 100 km offshore); watch the alarm arrive");
    }

    public boolean pressed() {
        return pressed;
    }
}
