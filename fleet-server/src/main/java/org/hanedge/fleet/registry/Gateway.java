package org.hanedge.fleet.registry;

import java.util.List;
import java.util.Map;

/** A gateway as the registry holds it. Times are epoch milliseconds, null when unknown. */
public record Gateway(String id, String kind, String name, String nameLocal, String district, Double lat, Double lon,
        String profileId, String profileVersion, String firmware, String note, boolean online, Long lastSeen,
        Long connectedAt, Long startedAt, Position position, Long clockOffsetMs, List<String> tags,
        List<String> groups, Map<String, DeviceRef> devices) {

    /** Last position a gateway reported in its birth (moving sites: trucks, boats). */
    public record Position(double lat, double lon, Long time, Boolean fix) {
    }

    /** A device the gateway reported, with the profile it runs. */
    public record DeviceRef(String profileId, String profileVersion) {
    }
}
