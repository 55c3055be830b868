package org.hanedge.fleet.remoteconfig;

import java.time.Instant;
import java.util.Map;

/**
 * One version of a layer.
 *
 * @param group    {@code fleet}, {@code kind:lake}, {@code district:Hải Châu}, {@code tag:connected}
 * @param document its partial site document (absent in lists unless asked for)
 * @param members  the gateways in the group now (in answers about one layer)
 */
public record LayerDto(String group, long version, Map<String, Object> document, String author, String reason,
        Instant time, Integer members) {
}
