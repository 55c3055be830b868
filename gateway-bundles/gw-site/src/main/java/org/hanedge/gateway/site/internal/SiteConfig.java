package org.hanedge.gateway.site.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * A gateway's site settings, parsed from its config file.
 *
 * @param gatewayId   the gateway's identity (topic root on the uplink)
 * @param profilesDir where device profiles are read from
 * @param devices     the field devices attached to this gateway
 */
record SiteConfig(String gatewayId, Path profilesDir, List<DeviceConfig> devices) {
    SiteConfig {
        devices = List.copyOf(devices);
    }
}
