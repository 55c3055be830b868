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
 * profile allows ({@link StaleLimit}). Silence is counted from the later of the channel's last value (gateway time,
 * corrected by the gateway's clock offset) and the gateway's connect, so a gateway that has just (re)connected is
 * given the limit to catch up. Only gateways that are online and not offline by {@link OfflineRule} are judged;
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
            long last = g.toServerTime(s.lastTime());
            long since = g.connectedAt() == null ? last : Math.max(last, g.toServerTime(g.connectedAt()));
            long silent = now - since;
            if (silent > limit.get().toMillis()) {
                holding.add(new Condition(g.id(), key, s.deviceId(), s.channel(), "MINOR",
                        s.deviceId() + "/" + s.channel() + ": no value for " + Durations.text(now - last)
                                + " (last " + Instant.ofEpochMilli(s.lastTime()) + "); expected within "
                                + Durations.text(limit.get().toMillis()),
                        Durations.seconds(now - last), Durations.seconds(limit.get().toMillis())));
            }
        }
        return new Evaluation(holding, open -> open.key().endsWith(SUFFIX) && judged.containsKey(open.gatewayId()));
    }
}
