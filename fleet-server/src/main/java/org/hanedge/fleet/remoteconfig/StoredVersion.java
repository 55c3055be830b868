package org.hanedge.fleet.remoteconfig;

/**
 * One row of {@code config_version}.
 *
 * @param document    the {@code config/desired} JSON exactly as published
 * @param publishedAt when the broker acknowledged its retained publish (ms), null until then
 */
record StoredVersion(String gatewayId, long version, String document, String author, String reason, long createdAt,
        Long publishedAt) {
}
