package org.hanedge.gateway.site.internal;

import java.util.Map;
import java.util.Set;

/**
 * The {@code remoteConfig:} section (optional; defaults when absent): how the configuration agent (gw-config-agent,
 * docs/remote-config.md) judges a pushed configuration.
 */
final class RemoteConfigSection {
    static final String PID = "org.hanedge.gateway.config.agent";
    /** The longest health window: an hour. */
    static final int MAX_WINDOW_MS = 3_600_000;

    private RemoteConfigSection() {
    }

    static Map<String, Object> properties(Fields f, Map<String, Object> m) throws SiteConfigException {
        String at = "remoteConfig.";
        f.allowOnly(m, at, Set.of("healthWindow"));
        int window = f.millis(m.getOrDefault("healthWindow", "60s"), at + "healthWindow");
        if (window > MAX_WINDOW_MS) {
            throw f.error(at + "healthWindow", "must be at most 1h, not '" + m.get("healthWindow") + "'");
        }
        return Map.of("health.window.ms", window);
    }
}
