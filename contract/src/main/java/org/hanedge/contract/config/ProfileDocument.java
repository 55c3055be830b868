package org.hanedge.contract.config;

import java.util.Objects;

/**
 * A device profile carried by a desired configuration, so the gateway can run a version it does not have yet.
 *
 * @param version the profile's version (must equal the {@code version} key of the YAML)
 * @param sha256  lower-case hex SHA-256 of the UTF-8 bytes of {@code yaml}; the gateway refuses a mismatch
 * @param yaml    the profile's YAML text exactly as stored in the server's library (docs/profiles.md)
 */
public record ProfileDocument(String version, String sha256, String yaml) {
    public ProfileDocument {
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(yaml, "yaml");
    }
}
