package org.hanedge.gateway.rules.internal;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.hanedge.gateway.api.Reading;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's edge stage, without OSGi: every batch of readings goes through report-by-exception into the outbox
 * (TELEMETRY), through the alarm limits (raises and clears into the outbox at ALARM priority, topic {@code alarm},
 * and to the {@link AlarmSink}s) and through the control rules (actions run by the {@link ActionRunner}, each
 * outcome into the outbox at EVENT priority, topic {@code event}). {@link #tick()} does the same for what falls due
 * without a sample (heartbeats, window ends, delays). All state changes happen under one lock, appends included, so
 * a raise and its clear reach the outbox in order; actions run outside it on the runner's executor.
 */
final class EdgeStage {
    private static final Logger LOG = LoggerFactory.getLogger(EdgeStage.class);

    private final Object lock = new Object();
    private final Devices devices;
    private final ReportByException rbe;
    private final AlarmBook alarms;
    private final RuleEngine rules = new RuleEngine();
    private final ActionRunner actions;
    private final Supplier<Outbox> outbox;
    private final Supplier<Collection<AlarmSink>> sinks;
    private final Clock clock;
    private final boolean reportByException;
    private final RateLimitedLog outboxFailures = new RateLimitedLog(LOG, 10_000);

    /**
     * @param restoredAlarms    ids of the alarms active when the gateway last stopped
     * @param persistAlarms     told the active alarm ids after every change
     * @param reportByException false: every reading goes to the outbox (alarms and rules still run)
     */
    EdgeStage(Devices devices, Supplier<Outbox> outbox, Supplier<Collection<AlarmSink>> sinks,
            java.util.concurrent.Executor actionExecutor, Clock clock, Set<String> restoredAlarms,
            Consumer<Set<String>> persistAlarms, boolean reportByException) {
        this(devices, outbox, sinks, actionExecutor, clock, restoredAlarms, persistAlarms, reportByException, devices);
    }

    /**
     * @param reporting the channels as report-by-exception sees them (the profiles' with this site's deadband
     *                  overrides, {@link DeadbandOverrides})
     */
    EdgeStage(Devices devices, Supplier<Outbox> outbox, Supplier<Collection<AlarmSink>> sinks,
            java.util.concurrent.Executor actionExecutor, Clock clock, Set<String> restoredAlarms,
            Consumer<Set<String>> persistAlarms, boolean reportByException, ChannelLookup reporting) {
        this.devices = devices;
        this.outbox = outbox;
        this.sinks = sinks;
        this.clock = clock;
        this.reportByException = reportByException;
        this.rbe = new ReportByException(reporting, clock);
        this.alarms = new AlarmBook(devices, restoredAlarms, persistAlarms);
        this.actions = new ActionRunner(devices::outputsOf, this::report, actionExecutor, clock);
    }

    /** A profile (re)registered: lookups follow at once; its rules replace the previous ones if they can run. */
    void profileChanged(DeviceProfile p) {
        synchronized (lock) {
            devices.putProfile(p);
            try {
                rules.load(p);
                if (!p.rules().isEmpty()) {
                    LOG.info("profile {}: {} control rules loaded", p.ref(), p.rules().size());
                }
            } catch (RuleLoadException e) {
                LOG.error("{}; the last good rules of profile {} keep running", e.getMessage(), p.id());
            }
        }
    }

    void profileRemoved(DeviceProfile p) {
        synchronized (lock) {
            if (devices.removeProfile(p)) {
                rules.unload(p.id());
            }
        }
    }

    void onReadings(List<Reading> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<RuleEngine.Firing> firings;
        synchronized (lock) {
            telemetry(reportByException ? rbe.filter(batch) : batch);
            alarms(alarms.onReadings(batch));
            firings = rules.onReadings(devices::profileOf, batch);
        }
        firings.forEach(actions::submit);
    }

    /** What falls due at the clock's time without a sample. */
    void tick() {
        Instant now = clock.instant();
        List<RuleEngine.Firing> firings;
        synchronized (lock) {
            if (reportByException) {
                telemetry(rbe.tick(now));
            }
            alarms(alarms.tick(now));
            firings = rules.tick(now);
        }
        firings.forEach(actions::submit);
    }

    Map<String, AlarmTransition> activeAlarms() {
        synchronized (lock) {
            return alarms.active();
        }
    }

    private void telemetry(List<Reading> readings) {
        if (readings.isEmpty()) {
            return;
        }
        List<Payload> payloads = new ArrayList<>(readings.size());
        readings.forEach(r -> payloads.add(new Payload.OfReading(r)));
        append(Priority.TELEMETRY, payloads, readings.size() + " readings from " + readings.get(0).deviceId());
    }

    private void alarms(List<AlarmTransition> transitions) {
        if (transitions.isEmpty()) {
            return;
        }
        List<Payload> payloads = new ArrayList<>(transitions.size());
        for (AlarmTransition t : transitions) {
            if (t.raised()) {
                LOG.warn("alarm raised {} {}: {}", t.id(), t.severity(), t.message());
            } else {
                LOG.info("alarm cleared {}: {}", t.id(), t.message());
            }
            payloads.add(new Payload.OfEvent("alarm", t.time(), t.json()));
            for (AlarmSink s : sinks.get()) {
                try {
                    s.alarm(t);
                } catch (RuntimeException e) {
                    LOG.warn("alarm sink {} failed on {}: {}", s, t.id(), e.toString());
                }
            }
        }
        append(Priority.ALARM, payloads, transitions.size() + " alarm events");
    }

    /** A rule action's outcome: an event. */
    private void report(ActionOutcome o) {
        synchronized (lock) {
            append(Priority.EVENT, List.of(new Payload.OfEvent("event", o.time(), o.json())),
                    "rule-action event of rule " + o.firing().rule().name());
        }
    }

    private void append(Priority priority, List<Payload> payloads, String what) {
        Outbox o = outbox.get();
        if (o == null) {
            outboxFailures.warn("no outbox: " + what + " not stored", null);
            return;
        }
        try {
            o.append(priority, payloads).whenComplete((seq, e) -> {
                if (e != null) {
                    outboxFailures.warn("outbox: " + what + " not made durable: " + e.getMessage(), null);
                }
            });
        } catch (OutboxFullException e) {
            outboxFailures.warn(e.getMessage(), null);
        } catch (RuntimeException e) {
            outboxFailures.warn("outbox: " + what + " not stored: " + e.getMessage(), e);
        }
    }
}
