package org.hanedge.simulators.signals;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.simulators.modbus.RegisterBank;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives a {@link SignalModel} from a {@link SimClock}: every {@code period} of wall time (200 ms by default) it
 * advances the model to the clock's current simulated time, in sub-steps of at most {@link #MAX_STEP_SECONDS}
 * simulated seconds so a sped-up clock keeps the physics (wet-well levels, bilge pumps) stable.
 */
public final class SignalDriver implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SignalDriver.class);
    public static final double MAX_STEP_SECONDS = 5;
    public static final Duration DEFAULT_PERIOD = Duration.ofMillis(200);

    private final SignalModel model;
    private final RegisterBank bank;
    private final SimClock clock;
    private final ScheduledExecutorService exec;
    private ZonedDateTime last;

    public SignalDriver(SignalModel model, RegisterBank bank, SimClock clock) {
        this.model = model;
        this.bank = bank;
        this.clock = clock;
        this.exec = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "signals-" + bank.profile().id());
            t.setDaemon(true);
            return t;
        });
    }

    /** Steps once now (so the bank holds values before the slave starts) and then periodically. */
    public SignalDriver start(Duration period) {
        tick();
        exec.scheduleAtFixedRate(this::tick, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    public SignalDriver start() {
        return start(DEFAULT_PERIOD);
    }

    synchronized void tick() {
        try {
            ZonedDateTime now = clock.now();
            if (last == null) {
                model.step(now, 0, bank);
            } else {
                advance(model, bank, last, now);
            }
            last = now;
        } catch (RuntimeException e) {
            LOG.warn("signal model step failed", e);
        }
    }

    /** Advances a model from {@code from} to {@code to} in sub-steps of at most {@link #MAX_STEP_SECONDS}. */
    public static void advance(SignalModel model, RegisterBank bank, ZonedDateTime from, ZonedDateTime to) {
        double total = Duration.between(from, to).toNanos() / 1e9;
        if (total <= 0) {
            return;
        }
        int n = (int) Math.ceil(total / MAX_STEP_SECONDS);
        double dt = total / n;
        for (int i = 1; i <= n; i++) {
            model.step(from.plusNanos((long) (dt * i * 1e9)), dt, bank);
        }
    }

    @Override
    public void close() {
        exec.shutdownNow();
    }
}
