package org.hanedge.gateway.site.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.site.SiteChange;
import org.hanedge.gateway.api.site.SiteConfigurator;
import org.hanedge.gateway.api.site.SiteProblem;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides what Config Admin holds: the site file, or a pushed document merged with the file's local fields
 * ({@link LocalFields}). In file mode (version 0) every change of the file is applied, as always; in pushed mode the
 * file contributes only its local fields, and a change of those re-applies the pushed document with them. The mode
 * survives restarts through the version Config Admin records ({@link ConfigAdminApplier#VERSION}): in pushed mode
 * the file is not applied at start, Config Admin keeps what it holds until the configuration agent applies its last
 * good document again. All methods are serialised.
 */
final class SiteController implements SiteConfigurator {
    private static final Logger LOG = LoggerFactory.getLogger(SiteConfigWatcher.class);
    private static final byte[] UNREADABLE = new byte[0];

    private final Path file; // null: no site file
    private final Path defaultProfiles;
    private final ConfigAdminApplier applier;

    private byte[] scannedDigest;
    private long version;
    private Map<String, Object> pushed; // the pushed document in force; null in file mode or until re-applied
    private Map<String, Object> mergedLocal; // the local fields merged into it

    SiteController(Path file, Path defaultProfiles, ConfigAdminApplier applier) {
        this.file = file;
        this.defaultProfiles = defaultProfiles;
        this.applier = applier;
    }

    /** Learns the mode from Config Admin (before the first {@link #scan}). */
    synchronized void init() {
        try {
            version = applier.versionInForce();
        } catch (IOException e) {
            LOG.error("the configuration version in force cannot be read from Config Admin; taking the site file", e);
        }
        if (version > 0) {
            LOG.info("pushed configuration {} is in force (kept in Config Admin); the site file {} contributes its "
                    + "credential and gateway id once the configuration agent applies it again", version, file);
        }
    }

    /** Looks at the site file; in file mode a changed file is applied, in pushed mode its local fields. */
    synchronized void scan() {
        if (file == null) {
            return;
        }
        byte[] digest;
        try {
            digest = digest(Files.readAllBytes(file));
        } catch (IOException e) {
            if (!Arrays.equals(scannedDigest, UNREADABLE)) {
                LOG.error("site config {} cannot be read ({}); keeping the settings applied last", file, e.toString());
            }
            scannedDigest = UNREADABLE;
            return;
        }
        if (Arrays.equals(digest, scannedDigest)) {
            return;
        }
        boolean first = scannedDigest == null;
        scannedDigest = digest;
        if (first && version > 0) {
            return; // the file as found at start: nothing changed under the push
        }
        if (version == 0) {
            applyFile();
        } else {
            fileChangedUnderPush();
        }
    }

    private void applyFile() {
        try {
            SiteConfig site = SiteConfigParser.parse(file, defaultProfiles);
            applier.apply(site, 0);
            LOG.info("site config {} applied: gateway {}, {} device(s), profiles from {}", file, site.gatewayId(),
                    site.devices().size(), site.profilesDir());
        } catch (SiteConfigException e) {
            LOG.error("site config refused, keeping the settings applied last: {}", e.getMessage());
        } catch (IOException | RuntimeException e) {
            LOG.error("site config {} could not be applied", file, e);
        }
    }

    private void fileChangedUnderPush() {
        Object root;
        try {
            root = SiteConfigParser.read(file);
        } catch (SiteConfigException e) {
            LOG.error("site config refused ({}); pushed configuration {} stays in force", e.getMessage(), version);
            return;
        }
        LOG.warn("site config {} changed; pushed configuration {} stays in force: only gateway.id and the uplink "
                + "credential are taken from the file, other edits are not applied (the configuration agent reports "
                + "them as drift)", file, version);
        if (pushed != null && !LocalFields.of(root).equals(mergedLocal)) {
            try {
                apply(version, pushed);
                LOG.info("pushed configuration {} applied again with the site file's new credential", version);
            } catch (SiteRefusedException e) {
                LOG.error("pushed configuration {} not applied again with the site file's local fields: {}", version,
                        e.getMessage());
            } catch (IOException | RuntimeException e) {
                LOG.error("pushed configuration {} could not be applied again", version, e);
            }
        }
    }

    @Override
    public synchronized long version() {
        return version;
    }

    @Override
    public synchronized Map<String, Object> localDocument() throws SiteRefusedException {
        Path f = requireFile();
        try {
            Object root = SiteConfigParser.read(f);
            SiteConfigParser.parse(root, new Fields(f), defaultProfiles);
            return LocalFields.withoutCredential(root);
        } catch (SiteConfigException e) {
            throw e.refused();
        }
    }

    @Override
    public synchronized void check(Map<String, Object> document) throws SiteRefusedException {
        prepare("pushed configuration", document);
    }

    @Override
    public synchronized SiteChange apply(long version, Map<String, Object> document)
            throws SiteRefusedException, IOException {
        if (version < 1) {
            throw new IllegalArgumentException("a pushed configuration's version is at least 1, not " + version);
        }
        Prepared p = prepare("pushed configuration " + version, document);
        SiteChange change = applier.apply(p.site, version);
        this.version = version;
        this.pushed = LocalFields.withoutCredential(document);
        this.mergedLocal = LocalFields.of(p.localRoot);
        return change;
    }

    @Override
    public synchronized SiteChange applyLocal() throws SiteRefusedException, IOException {
        Path f = requireFile();
        SiteConfig site;
        byte[] digest;
        try {
            digest = digest(Files.readAllBytes(f));
            site = SiteConfigParser.parse(f, defaultProfiles);
        } catch (SiteConfigException e) {
            throw e.refused();
        } catch (IOException e) {
            throw new SiteRefusedException(f.toString(), List.of(new SiteProblem("", "cannot read: " + e)));
        }
        SiteChange change = applier.apply(site, 0);
        version = 0;
        pushed = null;
        mergedLocal = null;
        scannedDigest = digest;
        LOG.info("site config {} applied again as the whole configuration: gateway {}, {} device(s)", f,
                site.gatewayId(), site.devices().size());
        return change;
    }

    private record Prepared(SiteConfig site, Object localRoot) {
    }

    private Prepared prepare(String source, Map<String, Object> document) throws SiteRefusedException {
        Path f = requireFile();
        try {
            Object localRoot = SiteConfigParser.read(f);
            Fields fields = new Fields(source, f.toAbsolutePath().getParent());
            Map<String, Object> merged = LocalFields.merge(document, localRoot, fields);
            return new Prepared(SiteConfigParser.parse(merged, fields, defaultProfiles), localRoot);
        } catch (SiteConfigException e) {
            throw e.refused();
        }
    }

    private Path requireFile() throws SiteRefusedException {
        if (file == null) {
            throw new SiteRefusedException("site config", List.of(new SiteProblem("",
                    "this gateway has no site file (framework property " + SiteConfigWatcher.CONFIG_PROPERTY
                            + "): it has no credential to merge")));
        }
        return file;
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
