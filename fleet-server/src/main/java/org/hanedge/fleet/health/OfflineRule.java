package org.hanedge.fleet.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.fleet.config.FleetProperties;

/**
 * {@code GATEWAY_OFFLINE} (MAJOR): a gateway that has been seen once was not heard from (no message of any kind,
 * stats included) for longer than its kind's limit ({@code hanedge.fleet.alarms.offline-after}, per kind
 * {@code offline-after-by-kind}) — whether its session ended ({@code online=false}) or it went silent while the broker
 * still holds it. Cleared once it is heard from again. Value and limit in seconds.
 */
final class OfflineRule implements HealthRule {
    static final String KEY = "GATEWAY_OFFLINE";

    private final FleetProperties.Alarms settings;

    OfflineRule(FleetProperties.Alarms settings) {
        this.settings = settings;
    }

    boolean offline(GatewayState g, long now) {
        return g.silentLongerThan(settings.offlineAfter(g.kind()).toMillis(), now);
    }

    @Override
    public Evaluation evaluate(List<GatewayState> gateways, long now) {
        List<Condition> holding = new ArrayList<>();
        for (GatewayState g : gateways) {
            if (offline(g, now)) {
                long limit = settings.offlineAfter(g.kind()).toMillis();
                long silent = now - g.lastSeen();
                holding.add(new Condition(g.id(), KEY, null, null, "MAJOR",
                        "gateway not heard from for " + Durations.text(silent) + " (last seen "
                                + Instant.ofEpochMilli(g.lastSeen()) + (g.online() ? ", session still open" : "")
                                + "); offline after " + Durations.text(limit),
                        Durations.seconds(silent), Durations.seconds(limit)));
            }
        }
        return new Evaluation(holding, open -> open.key().equals(KEY));
    }
}
