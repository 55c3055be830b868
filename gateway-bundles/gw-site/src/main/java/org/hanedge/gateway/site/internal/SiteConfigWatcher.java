package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.site.SiteConfigurator;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the site config file named by the framework property {@code hanedge.config} and applies it through
 * Config Admin whenever its content changes. A file that fails to parse is refused with an error naming the file and
 * field; the configuration applied last keeps running. Registered as the {@link SiteConfigurator}, through which the
 * configuration agent applies pushed configurations ({@link SiteController} decides between the two).
 */
@Component(immediate = true, service = SiteConfigurator.class)
public class SiteConfigWatcher implements SiteConfigurator {
    /** Framework property: the site config file. */
    public static final String CONFIG_PROPERTY = "hanedge.config";
    /** Framework property: profile directory used when the site config does not name one. */
    public static final String PROFILES_PROPERTY = "hanedge.profiles";
    /** Framework property: how often to look for changes, in milliseconds (default 2000). */
    public static final String SCAN_PROPERTY = "hanedge.config.scan.ms";
    private static final Logger LOG = LoggerFactory.getLogger(SiteConfigWatcher.class);

    private final SiteController controller;
    private final ScheduledExecutorService scanner;

    @Activate
    public SiteConfigWatcher(@Reference ConfigurationAdmin configAdmin, BundleContext context) {
        String configured = context.getProperty(CONFIG_PROPERTY);
        Path file = configured == null ? null : Path.of(configured).toAbsolutePath();
        String profiles = context.getProperty(PROFILES_PROPERTY);
        String home = context.getProperty("hanedge.home");
        Path defaultProfiles = profiles != null ? Path.of(profiles).toAbsolutePath()
                : Path.of(home == null ? "." : home, "profiles").toAbsolutePath();
        this.controller = new SiteController(file, defaultProfiles, new ConfigAdminApplier(configAdmin));
        controller.init();
        if (file == null) {
            LOG.warn("no site config: framework property {} is not set; no devices will be polled", CONFIG_PROPERTY);
            this.scanner = null;
            return;
        }
        String scan = context.getProperty(SCAN_PROPERTY);
        long scanMs = scan == null ? 2000 : Long.parseLong(scan);
        this.scanner = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-site-config");
            t.setDaemon(true);
            return t;
        });
        scanner.execute(controller::scan);
        scanner.scheduleWithFixedDelay(controller::scan, scanMs, scanMs, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    @Override
    public long version() {
        return controller.version();
    }

    @Override
    public Map<String, Object> localDocument() throws SiteRefusedException {
        return controller.localDocument();
    }

    @Override
    public void check(Map<String, Object> document) throws SiteRefusedException {
        controller.check(document);
    }

    @Override
    public SiteChange apply(long version, Map<String, Object> document) throws SiteRefusedException, IOException {
        return controller.apply(version, document);
    }

    @Override
    public SiteChange applyLocal() throws SiteRefusedException, IOException {
        return controller.applyLocal();
    }
}
