package org.hanedge.fleet.health;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.hanedge.fleet.profile.ProfileCatalog;

/**
 * {@code <device>/<channel>/STALE} (MINOR): a channel of a connected gateway has not reported for longer than its
 * profile allows ({@link StaleLimit}), counted from the channel's last value (gateway time, corrected by the gateway's
 * clock offset). A gateway that (re)connected less than the limit ago is given that time to catch up (its outbox
 * backlog drains first): its silent channels are neither raised nor cleared meanwhile. Only gateways that are online and not offline by {@link OfflineRule} are judged;
 * the stale alarms of the others are left as they are until they are back. Cleared when a value arrives (or the
 * channel is no longer in the profile). Value and limit in seconds.
 */
final class StaleChannelRule implements HealthRule {
    static final String SUFFIX = "/STALE";
    private static final int MAX_KEY = 128;

    private final HealthRepository repository;
    private final ProfileCatalog profiles;
    private final OfflineRule offline;

    StaleChannelRule(HealthRepository repository, ProfileCatalog profiles, OfflineRule offline) {
        this.repository = repository;
        this.profiles = profiles;
        this.offline = offline;
    }

    @Override
    public Evaluation evaluate(List<GatewayState> gateways, long now) {
        Map<String, GatewayState> judged = new HashMap<>();
        for (GatewayState g : gateways) {
            if (g.online() && !offline.offline(g, now)) {
                judged.put(g.id(), g);
            }
        }
        List<Condition> holding = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        Set<String> catchingUp = new HashSet<>();
        for (HealthRepository.SeriesState s : repository.seriesOfOnlineGateways()) {
            GatewayState g = judged.get(s.gatewayId());
            String key = s.deviceId() + "/" + s.channel() + SUFFIX;
            if (g == null || key.length() > MAX_KEY || !seen.add(g.id() + " " + key)) {
                continue;
            }
            Optional<Duration> limit = profiles.profile(s.profileId()).flatMap(p -> StaleLimit.of(p, s.channel()));
            if (limit.isEmpty()) {
                continue;
            }
            long limitMs = limit.get().toMillis();
            long last = g.toServerTime(s.lastTime());
            long silent = now - last;
            if (silent <= limitMs) {
                continue;
            }
            if (g.connectedAt() != null && now - g.toServerTime(g.connectedAt()) <= limitMs) {
                catchingUp.add(g.id() + " " + key); // just (re)connected: neither raised nor cleared yet
                continue;
            }
            holding.add(new Condition(g.id(), key, s.deviceId(), s.channel(), "MINOR",
                    s.deviceId() + "/" + s.channel() + ": no value for " + Durations.text(silent) + " (last "
                            + Instant.ofEpochMilli(s.lastTime()) + "); expected within " + Durations.text(limitMs),
                    Durations.seconds(silent), Durations.seconds(limitMs)));
        }
        return new Evaluation(holding, open -> open.key().endsWith(SUFFIX) && judged.containsKey(open.gatewayId())
                && !catchingUp.contains(open.gatewayId() + " " + open.key()));
    }
}
