package org.hanedge.fleet.profile;

import java.time.Instant;
import java.util.List;

/**
 * One version of a profile in the library: who uploaded it when, its digest, and which gateways announced it in
 * their latest birth message.
 */
public record ProfileVersionDto(String version, String sha256, String uploader, Instant uploadedAt, String note,
        int gatewayCount, List<String> gateways) {
}
