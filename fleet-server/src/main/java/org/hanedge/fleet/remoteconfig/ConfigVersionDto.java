package org.hanedge.fleet.remoteconfig;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One version of a gateway's desired configuration.
 *
 * @param time            when it was made
 * @param publishedAt     when the broker acknowledged its retained publish; absent until then
 * @param site            the effective site document the gateway gets (absent in lists unless asked for)
 * @param profileVersions the profile versions it is written for (absent with {@code site})
 * @param layers          the layer versions merged under the gateway's own document ({@code "kind:lake@1"})
 * @param origins         for one version: value path -> the layer it came from ({@code fleet}, {@code kind:lake},
 *                        {@code gateway} ...)
 */
public record ConfigVersionDto(String gateway, long version, String author, String reason, Instant time,
        Instant publishedAt, Map<String, Object> site, Map<String, String> profileVersions, List<String> layers,
        Map<String, String> origins) {
}
