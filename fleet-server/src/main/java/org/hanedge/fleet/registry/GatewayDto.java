package org.hanedge.fleet.registry;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A gateway as the API shows it. */
public record GatewayDto(String id, String kind, String name, String nameLocal, String district, Double lat,
        Double lon, String profile, String profileVersion, String firmware, String note, boolean online,
        Instant lastSeen, Instant connectedAt, Instant startedAt, PositionDto position, Long clockOffsetMs,
        List<String> tags, List<String> groups, Map<String, String> devices) {

    /** Last reported position of a moving site. */
    public record PositionDto(double lat, double lon, Instant time, Boolean fix) {
    }

    static GatewayDto of(Gateway g) {
        Map<String, String> devices = new java.util.LinkedHashMap<>();
        g.devices().forEach((d, ref) -> devices.put(d, ref.profileId() + "@" + ref.profileVersion()));
        return new GatewayDto(g.id(), g.kind(), g.name(), g.nameLocal(), g.district(), g.lat(), g.lon(),
                g.profileId(), g.profileVersion(), g.firmware(), g.note(), g.online(), instant(g.lastSeen()),
                instant(g.connectedAt()), instant(g.startedAt()),
                g.position() == null ? null : new PositionDto(g.position().lat(), g.position().lon(),
                        instant(g.position().time()), g.position().fix()),
                g.clockOffsetMs(), g.tags(), g.groups(), devices);
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
