package org.hanedge.fleet.remoteconfig;

import java.util.List;
import java.util.Map;

/**
 * What a gateway would get from the current layers and its own latest document (a preview: nothing is stored).
 *
 * @param basedOnVersion the gateway's latest version, whose own document is used (absent: none yet, layers only)
 * @param differs        whether the site differs from the latest version's (a push would make a new version)
 * @param own            the gateway's own document the site is made of (what a PUT takes; absent: none yet)
 */
public record EffectiveDto(String gateway, Long basedOnVersion, Map<String, Object> site, List<String> layers,
        Map<String, String> origins, boolean differs, Map<String, Object> own) {
}
