package org.hanedge.fleet.profile;

/** What an upload did: {@code created} false when the same version with the same text was already there. */
public record UploadResult(boolean created, ProfileVersionDto version, String profileId) {
}
