package org.hanedge.demo;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * After "ready", until a signal or a child's death: steps the scenario once a second and feeds new alarms every
 * three seconds.
 */
final class Monitor {
    private final ProcessSupervisor supervisor;
    private final FleetApi api;
    private final Console console;
    private final String alarmsFrom;
    private final AlarmFeed feed = new AlarmFeed();
    private final LongSupplier millis;

    Monitor(ProcessSupervisor supervisor, FleetApi api, Console console, String alarmsFrom, LongSupplier millis) {
        this.supervisor = supervisor;
        this.api = api;
        this.console = console;
        this.alarmsFrom = alarmsFrom;
        this.millis = millis;
    }

    /** Runs until a child exits (a {@link DemoFailure}) or the demo is stopped. */
    void run(DemoScenario scenario) throws DemoFailure {
        long tick = 0;
        while (!supervisor.stopping()) {
            Child dead = supervisor.firstExited().orElse(null);
            if (dead != null) {
                throw new DemoFailure(dead.name() + " exited unexpectedly; stopping the demo", dead.log());
            }
            scenario.step(millis.getAsLong());
            if (tick % 3 == 0) {
                api.alarmsSince(alarmsFrom).ifPresent(page -> feed.accept(page, console::timed, console::note));
            }
            tick++;
            Poll.pause(Duration.ofSeconds(1));
        }
    }
}
