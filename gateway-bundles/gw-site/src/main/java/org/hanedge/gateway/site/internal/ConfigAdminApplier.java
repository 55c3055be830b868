package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Config Admin hold exactly what the site config says: one singleton configuration for the site, one for the
 * profile directory, and one named factory configuration per device. Unchanged configurations are left alone, so
 * only the components whose settings changed are reconfigured.
 */
final class ConfigAdminApplier {
    static final String SITE_PID = "org.hanedge.gateway.site";
    static final String PROFILES_PID = "org.hanedge.gateway.profiles";
    private static final String ANY_LOCATION = "?";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminApplier.class);

    private final ConfigurationAdmin configAdmin;

    ConfigAdminApplier(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    void apply(SiteConfig site) throws IOException {
        update(configAdmin.getConfiguration(SITE_PID, ANY_LOCATION), Map.of("gateway.id", site.gatewayId()));
        update(configAdmin.getConfiguration(PROFILES_PID, ANY_LOCATION),
                Map.of("directory", site.profilesDir().toString()));
        if (update(configAdmin.getConfiguration(OutboxSection.PID, ANY_LOCATION), site.outbox())) {
            LOG.info("outbox configured: {}", site.outbox());
        }
        Configuration uplink = configAdmin.getConfiguration(UplinkSection.PID, ANY_LOCATION);
        if (site.uplink().isPresent()) {
            if (update(uplink, site.uplink().get())) {
                LOG.info("uplink configured: {}", UplinkSection.masked(site.uplink().get()));
            }
        } else if (uplink.getProperties() != null) {
            LOG.info("uplink removed (no uplink section in the site config); readings stay in the outbox");
            uplink.delete();
        }

        Set<String> factoryPids = site.devices().stream().map(DeviceConfig::factoryPid).collect(Collectors.toSet());
        factoryPids.add(ModbusSection.FACTORY_PID);
        factoryPids.add(SerialSection.FACTORY_PID);
        factoryPids.add(GpioSection.FACTORY_PID);
        for (DeviceConfig device : site.devices()) {
            Configuration c = configAdmin.getFactoryConfiguration(device.factoryPid(), device.id(), ANY_LOCATION);
            if (update(c, device.properties())) {
                LOG.info("device {} ({} profile) configured: {}", device.id(), device.profile(),
                        device.properties());
            }
        }
        for (String factoryPid : factoryPids) {
            removeDevicesNotIn(site, factoryPid);
        }
    }

    private void removeDevicesNotIn(SiteConfig site, String factoryPid) throws IOException {
        Set<String> wanted = site.devices().stream().filter(d -> d.factoryPid().equals(factoryPid))
                .map(d -> factoryPid + "~" + d.id()).collect(Collectors.toSet());
        Configuration[] existing;
        try {
            existing = configAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        if (existing == null) {
            return;
        }
        for (Configuration c : existing) {
            if (!wanted.contains(c.getPid())) {
                LOG.info("device configuration {} removed (no longer in the site config)", c.getPid());
                c.delete();
            }
        }
    }

    private static boolean update(Configuration c, Map<String, Object> properties) throws IOException {
        Dictionary<String, Object> d = new Hashtable<>(properties);
        return c.updateIfDifferent(d);
    }
}
