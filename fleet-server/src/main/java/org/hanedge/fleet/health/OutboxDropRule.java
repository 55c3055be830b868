package org.hanedge.fleet.health;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.StringJoiner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code OUTBOX_DROPPING} (MAJOR): a gateway's outbox dropped data since the previous stats message, i.e. the sum of
 * its {@code outbox.drops} counters grew (a sum below the previous one means the counters were reset: all of it is
 * new). The counters are lifetime totals kept in the gateway's outbox checkpoint, so the first stats message the
 * server looks at only sets the baseline (old drops are not news). Judged only when a new stats message has arrived:
 * cleared after a stats message with no new drops. Value: entries dropped since the previous stats; limit 0.
 */
final class OutboxDropRule implements HealthRule {
    static final String KEY = "OUTBOX_DROPPING";

    private final HealthRepository repository;
    private final ObjectMapper json = new ObjectMapper();

    OutboxDropRule(HealthRepository repository) {
        this.repository = repository;
    }

    @Override
    public Evaluation evaluate(List<GatewayState> gateways, long now) {
        Map<String, HealthRepository.DropWatch> watches = repository.dropWatches();
        Map<String, HealthRepository.DropWatch> updates = new LinkedHashMap<>();
        Set<String> judged = new HashSet<>();
        List<Condition> holding = new ArrayList<>();
        for (GatewayState g : gateways) {
            if (g.statsTime() == null || g.statsJson() == null) {
                continue;
            }
            HealthRepository.DropWatch previous = watches.get(g.id());
            if (previous != null && previous.statsTime() == g.statsTime()) {
                continue;
            }
            Map<String, Long> drops = drops(g.statsJson());
            if (drops == null) {
                continue;
            }
            long total = drops.values().stream().mapToLong(Long::longValue).sum();
            updates.put(g.id(), new HealthRepository.DropWatch(g.statsTime(), total));
            if (previous == null) {
                continue;
            }
            judged.add(g.id());
            long added = total >= previous.dropsTotal() ? total - previous.dropsTotal() : total;
            if (added > 0) {
                holding.add(new Condition(g.id(), KEY, null, null, "MAJOR",
                        "outbox dropped " + added + " entries since the previous stats message (drops now: "
                                + text(drops) + ")",
                        (double) added, 0.0));
            }
        }
        return new Evaluation(holding, open -> open.key().equals(KEY) && judged.contains(open.gatewayId()),
                () -> updates.forEach(repository::saveDropWatch));
    }

    /** The {@code outbox.drops} counters by reason; null when the stats carry none or cannot be read. */
    private Map<String, Long> drops(String stats) {
        try {
            JsonNode d = json.readTree(stats).path("outbox").path("drops");
            if (!d.isObject()) {
                return null;
            }
            Map<String, Long> m = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = d.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().canConvertToLong()) {
                    m.put(e.getKey(), Math.max(0, e.getValue().asLong()));
                }
            }
            return m;
        } catch (java.io.IOException e) {
            return null;
        }
    }

    private static String text(Map<String, Long> drops) {
        StringJoiner j = new StringJoiner(", ");
        drops.forEach((reason, n) -> {
            if (n > 0) {
                j.add(reason + "=" + n);
            }
        });
        return j.toString();
    }
}
