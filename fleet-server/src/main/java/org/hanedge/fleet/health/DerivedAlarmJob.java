package org.hanedge.fleet.health;

import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.hanedge.fleet.alarm.AlarmRecorder;
import org.hanedge.fleet.alarm.AlarmSource;
import org.hanedge.fleet.alarm.OpenAlarm;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * The alarms the server derives itself ({@link AlarmSource#SERVER}): {@code GATEWAY_OFFLINE}, {@code <device>/<channel>/STALE},
 * {@code OUTBOX_DROPPING}, {@code CLOCK_DRIFT} (see the rules). Runs every {@code hanedge.fleet.alarms.check-interval}
 * (30 s). Each run raises the alarm of every condition that holds and is not open, and clears every open server
 * alarm a rule judged whose condition no longer holds; so a condition raises once and clears once however often the
 * job runs. Raises and clears go through {@link AlarmRecorder} (history, webhooks).
 */
@Component
public class DerivedAlarmJob {
    private static final Logger LOG = LoggerFactory.getLogger(DerivedAlarmJob.class);

    private final AlarmRecorder alarms;
    private final HealthRepository repository;
    private final Clock clock;
    private final List<HealthRule> rules;

    DerivedAlarmJob(AlarmRecorder alarms, HealthRepository repository, ProfileCatalog profiles,
            FleetProperties properties, Clock clock) {
        this.alarms = alarms;
        this.repository = repository;
        this.clock = clock;
        OfflineRule offline = new OfflineRule(properties.alarms());
        this.rules = List.of(offline, new StaleChannelRule(repository, profiles, offline),
                new OutboxDropRule(repository), new ClockDriftRule(properties.alarms()));
    }

    /** What one run changed. */
    public record Outcome(int raised, int cleared) {
    }

    @Scheduled(initialDelayString = "${hanedge.fleet.alarms.check-interval:30s}",
            fixedDelayString = "${hanedge.fleet.alarms.check-interval:30s}")
    public void run() {
        try {
            Outcome o = runOnce();
            if (o.raised() + o.cleared() > 0) {
                LOG.info("derived alarms: {} raised, {} cleared", o.raised(), o.cleared());
            }
        } catch (RuntimeException e) {
            LOG.error("derived alarms: check failed, trying again next interval: {}", e.toString());
        }
    }

    /** One run of every rule (tests call it directly). */
    public Outcome runOnce() {
        long now = clock.millis();
        List<GatewayState> gateways = repository.gateways();
        Set<OpenAlarm> open = new HashSet<>(alarms.open(AlarmSource.SERVER));
        int raised = 0;
        int cleared = 0;
        for (HealthRule rule : rules) {
            Evaluation e = rule.evaluate(gateways, now);
            Set<OpenAlarm> holding = new HashSet<>();
            for (Condition c : e.holding()) {
                OpenAlarm id = new OpenAlarm(c.gatewayId(), c.key());
                holding.add(id);
                if (!open.contains(id)) {
                    alarms.raise(AlarmSource.SERVER, c.gatewayId(), c.device(), c.channel(), c.key(), c.severity(),
                            c.message(), c.value(), c.limit(), now, null);
                    open.add(id);
                    raised++;
                }
            }
            for (OpenAlarm o : List.copyOf(open)) {
                if (e.judged().test(o) && !holding.contains(o)) {
                    alarms.clear(o.gatewayId(), o.key(), now, null);
                    open.remove(o);
                    cleared++;
                }
            }
            e.afterward().run();
        }
        return new Outcome(raised, cleared);
    }
}
