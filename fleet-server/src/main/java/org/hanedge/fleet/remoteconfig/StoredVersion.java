package org.hanedge.fleet.remoteconfig;

/**
 * One row of {@code config_version}.
 *
 * @param document     the {@code config/desired} JSON exactly as published (the effective document)
 * @param publishedAt  when the broker acknowledged its retained publish (ms), null until then
 * @param gatewayLayer the gateway's own site document (JSON) merged over the layers; null: the published site is it
 * @param layers       JSON array of the layer versions merged under it ({@code "kind:lake@1"}); null: none
 */
record StoredVersion(String gatewayId, long version, String document, String author, String reason, long createdAt,
        Long publishedAt, String gatewayLayer, String layers) {

    StoredVersion(String gatewayId, long version, String document, String author, String reason, long createdAt,
            Long publishedAt) {
        this(gatewayId, version, document, author, reason, createdAt, publishedAt, null, null);
    }
}
