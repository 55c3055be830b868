package org.hanedge.gateway.site.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The {@code outbox:} section (optional), mapped to the outbox's configuration properties. */
final class OutboxSection {
    static final String PID = "org.hanedge.gateway.outbox";

    private OutboxSection() {
    }

    static Map<String, Object> properties(Fields f, Map<String, Object> m) throws SiteConfigException {
        String at = "outbox.";
        f.allowOnly(m, at, Set.of("directory", "maxSize", "policy", "commitDelay"));
        Map<String, Object> p = new LinkedHashMap<>();
        if (m.containsKey("directory")) {
            p.put("directory", f.path(m.get("directory"), at + "directory").toString());
        }
        p.put("max.bytes", f.bytes(m.getOrDefault("maxSize", "256MiB"), at + "maxSize", 64L << 10));
        p.put("policy", f.oneOf(m.getOrDefault("policy", "drop-oldest"), at + "policy",
                Set.of("drop-oldest", "reject-new")));
        p.put("commit.delay.ms", f.millis(m.getOrDefault("commitDelay", "200ms"), at + "commitDelay"));
        return p;
    }
}
