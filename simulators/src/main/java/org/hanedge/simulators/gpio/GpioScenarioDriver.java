package org.hanedge.simulators.gpio;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.simulators.signals.SimClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a {@link GpioScenario} on a {@link SimClock}: every {@code period} of wall time (10 ms by default). */
public final class GpioScenarioDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GpioScenarioDriver.class);
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(10);

    private final GpioScenario scenario;
    private final GpioSimServer server;
    private final SimClock clock;
    private final ScheduledExecutorService exec = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gpio-scenario");
        t.setDaemon(true);
        return t;
    });
    private ZonedDateTime start;
    private double last;

    public GpioScenarioDriver(GpioScenario scenario, GpioSimServer server, SimClock clock) {
        this.scenario = scenario;
        this.server = server;
        this.clock = clock;
    }

    public GpioScenarioDriver start(Duration period) {
        start = clock.now();
        last = 0;
        exec.scheduleAtFixedRate(this::tick, 0, period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public GpioScenarioDriver start() {
        return start(DEFAULT_PERIOD);
    }

    private synchronized void tick() {
        try {
            double now = Duration.between(start, clock.now()).toNanos() / 1e9;
            if (now > last) {
                scenario.advance(last, now, server);
                last = now;
            }
        } catch (RuntimeException e) {
            LOG.warn("gpio scenario step failed", e);
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
