package org.hanedge.gateway.site.internal;

import java.util.Map;

/**
 * One field device of the site and the Config Admin configuration that its driver receives.
 *
 * @param id          device id, unique on the gateway
 * @param profile     profile id the device runs
 * @param factoryPid  the driver's factory configuration PID
 * @param properties  the driver configuration (already in the driver's property names and types)
 */
record DeviceConfig(String id, String profile, String factoryPid, Map<String, Object> properties) {
    DeviceConfig {
        properties = Map.copyOf(properties);
    }
}
