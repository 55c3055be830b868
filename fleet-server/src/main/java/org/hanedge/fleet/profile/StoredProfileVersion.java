package org.hanedge.fleet.profile;

/** One row of {@code profile_version}: a profile version of the library, its YAML exactly as uploaded. */
public record StoredProfileVersion(String profileId, String version, String yaml, String sha256, String uploader,
        long uploadedAt, String note) {
}
