package org.hanedge.gateway.site.internal;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A gateway's site settings, parsed from its config file or a pushed configuration.
 *
 * @param gatewayId    the gateway's identity (topic root on the uplink)
 * @param profilesDir  where device profiles are read from
 * @param devices      the field devices attached to this gateway
 * @param outbox       the outbox configuration (defaults filled in)
 * @param uplink       the MQTT uplink configuration, if the site has one
 * @param rules        the edge stage's configuration (this site's overrides of the profiles' rules)
 * @param remoteConfig the configuration agent's configuration (defaults filled in)
 */
record SiteConfig(String gatewayId, Path profilesDir, List<DeviceConfig> devices, Map<String, Object> outbox,
        Optional<Map<String, Object>> uplink, Map<String, Object> rules, Map<String, Object> remoteConfig) {
    SiteConfig {
        devices = List.copyOf(devices);
        outbox = Map.copyOf(outbox);
        uplink = uplink.map(Map::copyOf);
        rules = Map.copyOf(rules);
        remoteConfig = Map.copyOf(remoteConfig);
    }
}
