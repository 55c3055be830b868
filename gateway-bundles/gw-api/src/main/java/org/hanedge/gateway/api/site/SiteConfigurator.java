package org.hanedge.gateway.api.site;

import java.io.IOException;
import java.util.Map;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The site configuration of this gateway (gw-site). A <em>site document</em> is the site file's content read into
 * plain Java: {@code Map<String, Object>} for mappings, {@code List<Object>} for sequences, and {@code String},
 * {@code Integer}, {@code Long}, {@code Double}, {@code Boolean} or {@code null} (JSON read the same way gives the same
 * types).
 *
 * <p>Until a document is applied with {@link #apply}, the site file is the configuration: gw-site applies it at start
 * and on every change. Once a pushed document is applied, it is the configuration ({@link #version()} is its
 * version, kept in Config Admin across restarts) and the site file contributes only its <em>local fields</em>:
 * {@code gateway.id} (the gateway's identity: a pushed document must name the same one) and the credential
 * {@code uplink.username}, {@code uplink.password} and {@code uplink.tls}, which are never pushed and which gw-site
 * merges into every pushed document (a changed password in the file is applied at once). Other local edits of the file
 * are not applied while a pushed document is in force. {@link #applyLocal()} returns to the site file.
 *
 * <p>Thread-safe; applies are serialised with the file watcher's.
 */
@ProviderType
public interface SiteConfigurator {
    /** The configuration version in force: 0 for the site file, else the version of the applied pushed document. */
    long version();

    /**
     * The site file as a document, without the credential fields ({@code uplink.username}, {@code uplink.password},
     * {@code uplink.tls}): what a local edit is compared with.
     *
     * @throws SiteRefusedException when the file cannot be read or is not a valid site config
     */
    Map<String, Object> localDocument() throws SiteRefusedException;

    /**
     * Checks a pushed document as {@link #apply} would (merged with the site file's local fields, then every rule of
     * the site file); nothing is applied.
     *
     * @throws SiteRefusedException naming the field: a rule of the site file broken, a credential field present, a
     *                              {@code gateway.id} other than this gateway's, the uplink missing
     */
    void check(Map<String, Object> document) throws SiteRefusedException;

    /**
     * Applies a pushed document, merged with the site file's local fields, through Config Admin: every configuration
     * is written (unchanged ones left alone) and device configurations not in the document are deleted.
     *
     * @param version the document's version (at least 1), recorded as the version in force
     * @throws SiteRefusedException when it does not {@linkplain #check check}: nothing was applied
     * @throws IOException          when Config Admin failed part way: the caller applies its last good configuration
     */
    SiteChange apply(long version, Map<String, Object> document) throws SiteRefusedException, IOException;

    /**
     * Returns to the site file as the whole configuration (version 0), as at a first start.
     *
     * @throws SiteRefusedException when the site file is not valid: nothing was applied
     * @throws IOException          when Config Admin failed part way
     */
    SiteChange applyLocal() throws SiteRefusedException, IOException;
}
