package org.hanedge.gateway.profile.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes every valid profile in a directory as a {@link DeviceProfile} service with the properties
 * {@link DeviceProfile#PROFILE_ID} and {@link DeviceProfile#PROFILE_VERSION}, and keeps the services in step with the
 * files: a changed file that validates replaces its service, one that does not is refused (logged at ERROR with every
 * problem) while the last good profile stays registered, a deleted file unregisters its profile.
 */
@Component(configurationPid = ProfileDirectory.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = {})
@Designate(ocd = ProfileDirectory.Config.class)
public class ProfileDirectory {
    static final String PID = "org.hanedge.gateway.profiles";
    private static final Logger LOG = LoggerFactory.getLogger(ProfileDirectory.class);

    @ObjectClassDefinition(name = "HanEdge profile directory",
            description = "Folder of device profile YAML files (docs/profiles.md) published as DeviceProfile services")
    public @interface Config {
        @AttributeDefinition(name = "Directory", description = "Folder holding the *.yaml profiles")
        String directory();

        @AttributeDefinition(name = "Scan interval (s)", description = "How often the folder is checked for changes",
                min = "1")
        int scanIntervalSeconds() default 2;
    }

    private final Map<Path, ServiceRegistration<DeviceProfile>> registrations = new HashMap<>();
    private BundleContext context;
    private ProfileCatalog catalog;
    private ScheduledExecutorService scanner;

    @Activate
    void activate(BundleContext context, Config config) {
        this.context = context;
        if (config.directory() == null || config.directory().isBlank()) {
            LOG.error("configuration {} has no directory; no profiles are loaded", PID);
            return;
        }
        catalog = new ProfileCatalog(Path.of(config.directory()).toAbsolutePath().normalize());
        LOG.info("watching profiles in {} every {}s", catalog.directory(), Math.max(1, config.scanIntervalSeconds()));
        scan();
        scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-profile-scan");
            t.setDaemon(true);
            return t;
        });
        long interval = Math.max(1, config.scanIntervalSeconds());
        scanner.scheduleWithFixedDelay(this::scan, interval, interval, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        if (scanner != null) {
            scanner.shutdown(); // let a running scan finish; no interrupt mid-read
            try {
                scanner.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scanner = null;
        }
        synchronized (this) {
            registrations.values().forEach(ProfileDirectory::unregister);
            registrations.clear();
            catalog = null;
        }
    }

    private synchronized void scan() {
        if (catalog == null) {
            return;
        }
        ProfileCatalog.Changes changes;
        try {
            changes = catalog.scan();
        } catch (IOException | RuntimeException e) {
            LOG.warn("cannot scan profile directory {}: {}; the loaded profiles stay in service",
                    catalog.directory(), e.toString());
            return;
        }
        for (ProfileCatalog.Removal r : changes.removed()) {
            unregister(registrations.remove(r.file()));
            LOG.info("profile {} unregistered: {} was deleted", r.profile().ref(), r.file());
        }
        for (ProfileCatalog.Refusal r : changes.refused()) {
            LOG.error("profile file {} refused{}:{}", r.file(),
                    r.stillActive() == null ? "" : " (" + r.stillActive().ref() + " stays in service)",
                    ProfileCatalog.describe(r.error()));
        }
        for (ProfileCatalog.Update u : changes.updated()) {
            unregister(registrations.remove(u.file()));
            registrations.put(u.file(), register(u.current()));
            LOG.info("profile {} loaded from {} ({} channels), replacing {}", u.current().ref(), u.file(),
                    u.current().channels().size(), u.previous().ref());
        }
        for (ProfileCatalog.Addition a : changes.added()) {
            DeviceProfile p = a.profile();
            unregister(registrations.remove(a.file()));
            registrations.put(a.file(), register(p));
            LOG.info("profile {} loaded from {} ({} channels)", p.ref(), a.file(), p.channels().size());
        }
    }

    private ServiceRegistration<DeviceProfile> register(DeviceProfile profile) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(DeviceProfile.PROFILE_ID, profile.id());
        props.put(DeviceProfile.PROFILE_VERSION, profile.version());
        return context.registerService(DeviceProfile.class, profile, props);
    }

    private static void unregister(ServiceRegistration<?> registration) {
        if (registration == null) {
            return;
        }
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping and the framework unregistered it already
        }
    }
}
