package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.util.Dictionary;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.hanedge.gateway.api.site.SiteChange;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes Config Admin hold exactly what a site document says: one singleton configuration for the site, one for the
 * profile directory, the outbox, the uplink, the edge rules and the configuration agent, and one named factory
 * configuration per device. Unchanged configurations are left alone, so only the components whose settings changed
 * are reconfigured. The site configuration also records the configuration version in force
 * ({@value #VERSION}, absent for the site file), so a restart knows whether a pushed configuration is in force.
 */
final class ConfigAdminApplier {
    static final String SITE_PID = "org.hanedge.gateway.site";
    static final String PROFILES_PID = "org.hanedge.gateway.profiles";
    /** Property of {@value #SITE_PID}: the pushed configuration's version in force. */
    static final String VERSION = "config.version";
    private static final String ANY_LOCATION = "?";
    private static final Logger LOG = LoggerFactory.getLogger(ConfigAdminApplier.class);

    private final ConfigurationAdmin configAdmin;

    ConfigAdminApplier(ConfigurationAdmin configAdmin) {
        this.configAdmin = configAdmin;
    }

    /** The version in force as Config Admin has it: 0 when the site file is (or nothing was applied yet). */
    long versionInForce() throws IOException {
        Configuration[] site;
        try {
            site = configAdmin.listConfigurations("(service.pid=" + SITE_PID + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Object v = site == null || site[0].getProperties() == null ? null : site[0].getProperties().get(VERSION);
        return v instanceof Number n ? n.longValue() : 0;
    }

    /**
     * @param version 0 for the site file, else the pushed configuration's version
     * @throws IOException when Config Admin failed; configurations written before stay written
     */
    SiteChange apply(SiteConfig site, long version) throws IOException {
        Map<String, Object> siteProps = new LinkedHashMap<>();
        siteProps.put("gateway.id", site.gatewayId());
        if (version > 0) {
            siteProps.put(VERSION, version);
        }
        update(configAdmin.getConfiguration(SITE_PID, ANY_LOCATION), siteProps);
        update(configAdmin.getConfiguration(PROFILES_PID, ANY_LOCATION),
                Map.of("directory", site.profilesDir().toString()));
        if (update(configAdmin.getConfiguration(OutboxSection.PID, ANY_LOCATION), site.outbox())) {
            LOG.info("outbox configured: {}", site.outbox());
        }
        if (update(configAdmin.getConfiguration(RulesSection.PID, ANY_LOCATION), site.rules())) {
            LOG.info("edge rules configured: deadband overrides {}",
                    String.join(", ", (String[]) site.rules().get(RulesSection.DEADBANDS)));
        }
        update(configAdmin.getConfiguration(RemoteConfigSection.PID, ANY_LOCATION), site.remoteConfig());
        Configuration uplink = configAdmin.getConfiguration(UplinkSection.PID, ANY_LOCATION);
        boolean uplinkChanged = false;
        if (site.uplink().isPresent()) {
            if (update(uplink, site.uplink().get())) {
                uplinkChanged = true;
                LOG.info("uplink configured: {}", UplinkSection.masked(site.uplink().get()));
            }
        } else if (uplink.getProperties() != null) {
            LOG.info("uplink removed (no uplink section in the site config); readings stay in the outbox");
            uplink.delete();
            uplinkChanged = true;
        }

        Set<String> factoryPids = site.devices().stream().map(DeviceConfig::factoryPid).collect(Collectors.toSet());
        factoryPids.add(ModbusSection.FACTORY_PID);
        factoryPids.add(SerialSection.FACTORY_PID);
        factoryPids.add(GpioSection.FACTORY_PID);
        Set<String> changed = new HashSet<>();
        for (DeviceConfig device : site.devices()) {
            Configuration c = configAdmin.getFactoryConfiguration(device.factoryPid(), device.id(), ANY_LOCATION);
            if (update(c, device.properties())) {
                changed.add(device.id());
                LOG.info("device {} ({} profile) configured: {}", device.id(), device.profile(),
                        device.properties());
            }
        }
        Set<String> removed = new HashSet<>();
        for (String factoryPid : factoryPids) {
            removed.addAll(removeDevicesNotIn(site, factoryPid));
        }
        return new SiteChange(version, site.devices().stream().map(DeviceConfig::id).toList(), changed, removed,
                site.uplink().isPresent(), uplinkChanged);
    }

    private Set<String> removeDevicesNotIn(SiteConfig site, String factoryPid) throws IOException {
        Set<String> wanted = site.devices().stream().filter(d -> d.factoryPid().equals(factoryPid))
                .map(d -> factoryPid + "~" + d.id()).collect(Collectors.toSet());
        Configuration[] existing;
        try {
            existing = configAdmin.listConfigurations("(service.factoryPid=" + factoryPid + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        Set<String> removed = new HashSet<>();
        if (existing == null) {
            return removed;
        }
        for (Configuration c : existing) {
            String pid = c.getPid(); // read before delete(): a deleted configuration answers nothing
            if (!wanted.contains(pid)) {
                LOG.info("device configuration {} removed (no longer in the site config)", pid);
                c.delete();
                removed.add(pid.substring(pid.indexOf('~') + 1));
            }
        }
        return removed;
    }

    private static boolean update(Configuration c, Map<String, Object> properties) throws IOException {
        Dictionary<String, Object> d = new Hashtable<>(properties);
        return c.updateIfDifferent(d);
    }
}
