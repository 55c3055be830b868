package org.hanedge.fleet.health;

import java.util.ArrayList;
import java.util.List;

import org.hanedge.fleet.config.FleetProperties;

/**
 * {@code CLOCK_DRIFT} (WARNING): the gateway's clock differed from the server's by more than
 * {@code hanedge.fleet.alarms.clock-drift-limit} at its last birth (the offset is measured on every connect:
 * the birth's {@code connected} time minus its arrival). Cleared when a later birth measures it within the limit.
 * Value (signed: positive = gateway ahead) and limit in seconds.
 */
final class ClockDriftRule implements HealthRule {
    static final String KEY = "CLOCK_DRIFT";

    private final FleetProperties.Alarms settings;

    ClockDriftRule(FleetProperties.Alarms settings) {
        this.settings = settings;
    }

    @Override
    public Evaluation evaluate(List<GatewayState> gateways, long now) {
        long limit = settings.clockDriftLimit().toMillis();
        List<Condition> holding = new ArrayList<>();
        for (GatewayState g : gateways) {
            Long offset = g.clockOffsetMs();
            if (offset != null && Math.abs(offset) > limit) {
                holding.add(new Condition(g.id(), KEY, null, null, "WARNING",
                        "gateway clock is " + Durations.text(offset) + (offset > 0 ? " ahead of" : " behind")
                                + " the server's (limit " + Durations.text(limit) + ")",
                        Durations.seconds(offset), Durations.seconds(limit)));
            }
        }
        return new Evaluation(holding, open -> open.key().equals(KEY));
    }
}
