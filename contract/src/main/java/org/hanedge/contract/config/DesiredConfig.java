package org.hanedge.contract.config;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * The configuration the server wants a gateway to run (topic {@code config/desired}, retained, QoS 1).
 *
 * @param version         assigned by the server, at least 1, strictly increasing per gateway; a gateway never applies
 *                        a version at or below one it has already handled
 * @param site            the site document: the same keys, values and rules as the gateway's site file
 *                        (docs/gateway-config.md) read as JSON, without {@code uplink.username},
 *                        {@code uplink.password} and {@code uplink.tls}, which stay in the gateway's own file. A tree
 *                        of {@code Map<String, Object>}, {@code List<Object>}, {@code String}, {@code Integer},
 *                        {@code Long}, {@code Double}, {@code Boolean} and {@code null}
 * @param profileVersions profile id -> version this configuration was written for; the gateway refuses it when it
 *                        runs another version of such a profile (empty: not checked)
 * @param profiles        profile id -> the profile document to run (since 1.1): the gateway checks it with its own
 *                        profile parser and installs it before the site document is applied (empty: none carried)
 * @param author          who made it (optional, for the record)
 * @param reason          why (optional, for the record)
 * @param time            when the server made it (optional)
 */
public record DesiredConfig(long version, Map<String, Object> site, Map<String, String> profileVersions,
        Map<String, ProfileDocument> profiles, String author, String reason, Instant time) {
    public DesiredConfig {
        if (version < 1) {
            throw new IllegalArgumentException("version must be at least 1, not " + version);
        }
        Objects.requireNonNull(site, "site");
        profileVersions = profileVersions == null ? Map.of() : Map.copyOf(profileVersions);
        profiles = profiles == null ? Map.of() : Map.copyOf(profiles);
    }

    /** A desired configuration that carries no profile (the 1.0 shape). */
    public DesiredConfig(long version, Map<String, Object> site, Map<String, String> profileVersions, String author,
            String reason, Instant time) {
        this(version, site, profileVersions, Map.of(), author, reason, time);
    }

    /** A desired configuration without profile versions or metadata. */
    public static DesiredConfig of(long version, Map<String, Object> site) {
        return new DesiredConfig(version, site, Map.of(), Map.of(), null, null, null);
    }
}
