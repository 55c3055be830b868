package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

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
 * field; the configuration applied last keeps running.
 */
@Component(immediate = true)
public class SiteConfigWatcher {
    /** Framework property: the site config file. */
    public static final String CONFIG_PROPERTY = "hanedge.config";
    /** Framework property: profile directory used when the site config does not name one. */
    public static final String PROFILES_PROPERTY = "hanedge.profiles";
    /** Framework property: how often to look for changes, in milliseconds (default 2000). */
    public static final String SCAN_PROPERTY = "hanedge.config.scan.ms";
    private static final Logger LOG = LoggerFactory.getLogger(SiteConfigWatcher.class);
    private static final byte[] UNREADABLE = new byte[0];

    private final ConfigAdminApplier applier;
    private final Path file;
    private final Path defaultProfiles;
    private final ScheduledExecutorService scanner;
    private byte[] appliedDigest;

    @Activate
    public SiteConfigWatcher(@Reference ConfigurationAdmin configAdmin, BundleContext context) {
        this.applier = new ConfigAdminApplier(configAdmin);
        String configured = context.getProperty(CONFIG_PROPERTY);
        this.file = configured == null ? null : Path.of(configured).toAbsolutePath();
        String profiles = context.getProperty(PROFILES_PROPERTY);
        String home = context.getProperty("hanedge.home");
        this.defaultProfiles = profiles != null ? Path.of(profiles).toAbsolutePath()
                : Path.of(home == null ? "." : home, "profiles").toAbsolutePath();
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
        scanner.execute(this::scan);
        scanner.scheduleWithFixedDelay(this::scan, scanMs, scanMs, TimeUnit.MILLISECONDS);
    }

    @Deactivate
    void deactivate() {
        if (scanner != null) {
            scanner.shutdownNow();
        }
    }

    private void scan() {
        byte[] digest;
        try {
            digest = digest(Files.readAllBytes(file));
        } catch (IOException e) {
            if (!Arrays.equals(appliedDigest, UNREADABLE)) {
                LOG.error("site config {} cannot be read ({}); keeping the settings applied last", file, e.toString());
            }
            appliedDigest = UNREADABLE;
            return;
        }
        if (Arrays.equals(digest, appliedDigest)) {
            return;
        }
        appliedDigest = digest;
        try {
            SiteConfig site = SiteConfigParser.parse(file, defaultProfiles);
            applier.apply(site);
            LOG.info("site config {} applied: gateway {}, {} device(s), profiles from {}", file, site.gatewayId(),
                    site.devices().size(), site.profilesDir());
        } catch (SiteConfigException e) {
            LOG.error("site config refused, keeping the settings applied last: {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("site config {} could not be applied", file, e);
        }
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
