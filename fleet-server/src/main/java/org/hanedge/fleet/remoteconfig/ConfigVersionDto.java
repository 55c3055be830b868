package org.hanedge.fleet.remoteconfig;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a gateway's desired configuration.
 *
 * @param time            when it was made
 * @param publishedAt     when the broker acknowledged its retained publish; absent until then
 * @param site            the site document (absent in lists unless asked for)
 * @param profileVersions the profile versions it is written for (absent with {@code site})
 */
public record ConfigVersionDto(String gateway, long version, String author, String reason, Instant time,
        Instant publishedAt, Map<String, Object> site, Map<String, String> profileVersions) {
}
