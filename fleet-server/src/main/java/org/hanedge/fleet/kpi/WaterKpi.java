package org.hanedge.fleet.kpi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.gateway.api.profile.AlarmLimits;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Lakes outside water-quality limits. The limits are the lake profile's alarm limits of the channels
 * {@link #CHANNELS}: {@code low} (else {@code lowLow}) and {@code high} (else {@code highHigh}). "Now" compares each
 * lake's latest values (not BAD quality); "hours outside" counts the 1h buckets in the range whose average of at
 * least one of the channels was outside.
 */
@Component
public class WaterKpi {
    static final String LAKE = "lake";
    static final List<String> CHANNELS = List.of("ph", "dissolved_oxygen", "turbidity", "conductivity",
            "water_temperature");

    /**
     * @param lakes         lakes monitored (in the district)
     * @param lakesOutside  lakes with at least one latest value outside its limits
     * @param outsideLimits every latest value outside its limits
     * @param hoursOutside  per lake with any: hours in the range whose hourly average was outside a limit
     */
    public record WaterKpis(int lakes, int lakesOutside, List<WaterExceedance> outsideLimits, List<LakeHours> hoursOutside,
            List<WaterDistrict> districts) {
    }

    /** A latest value outside a limit; {@code side} is LOW or HIGH. */
    public record WaterExceedance(String gateway, String name, String district, String channel, double value, double limit,
            String side, Instant time) {
    }

    public record LakeHours(String gateway, String name, String district, long hoursOutside) {
    }

    public record WaterDistrict(String district, int lakes, int lakesOutside, long hoursOutside) {
    }

    /** @param profile the profile whose limits apply; {@code profileId} = {@code gateway.profile_id} as stored */
    private record Lake(String id, String name, String district, String profile, String profileId) {
    }

    private record Limits(Double low, Double high) {
        static Limits of(AlarmLimits a) {
            return new Limits(a.low() != null ? a.low() : a.lowLow(), a.high() != null ? a.high() : a.highHigh());
        }
    }

    private final JdbcClient jdbc;
    private final ProfileCatalog profiles;

    WaterKpi(JdbcClient jdbc, ProfileCatalog profiles) {
        this.jdbc = jdbc;
        this.profiles = profiles;
    }

    WaterKpis compute(KpiRange range) {
        List<Object> params = KpiRange.params();
        Map<String, Lake> lakes = new LinkedHashMap<>();
        jdbc.sql("SELECT g.id, g.name, g.district, g.profile_id FROM gateway g WHERE " + range.gateways(LAKE, params)
                        + " ORDER BY g.id")
                .params(params)
                .query((rs, n) -> new Lake(rs.getString("id"), rs.getString("name"), rs.getString("district"),
                        profiles.profile(rs.getString("profile_id")).isPresent() ? rs.getString("profile_id") : LAKE,
                        rs.getString("profile_id")))
                .list().forEach(l -> lakes.put(l.id(), l));

        List<WaterExceedance> outside = latestOutside(range, lakes);
        Map<String, Long> hours = hoursOutside(range, lakes);

        List<LakeHours> lakeHours = new ArrayList<>();
        Map<String, long[]> byDistrict = new TreeMap<>(); // lakes, outside, hours
        java.util.Set<String> outsideIds = new java.util.HashSet<>();
        outside.forEach(e -> outsideIds.add(e.gateway()));
        for (Lake l : lakes.values()) {
            long h = hours.getOrDefault(l.id(), 0L);
            if (h > 0) {
                lakeHours.add(new LakeHours(l.id(), l.name(), l.district(), h));
            }
            long[] d = byDistrict.computeIfAbsent(KpiRange.districtName(l.district()), k -> new long[3]);
            d[0]++;
            d[1] += outsideIds.contains(l.id()) ? 1 : 0;
            d[2] += h;
        }
        List<WaterDistrict> districts = new ArrayList<>();
        byDistrict.forEach((k, d) -> districts.add(new WaterDistrict(k, (int) d[0], (int) d[1], d[2])));
        return new WaterKpis(lakes.size(), outsideIds.size(), outside, lakeHours, districts);
    }

    private List<WaterExceedance> latestOutside(KpiRange range, Map<String, Lake> lakes) {
        List<Object> params = KpiRange.params();
        String sql = "SELECT s.gateway_id, s.channel, s.last_value, s.last_time FROM series s "
                + "JOIN gateway g ON g.id = s.gateway_id WHERE " + range.gateways(LAKE, params)
                + " AND s.channel IN ('" + String.join("', '", CHANNELS) + "') AND s.last_value IS NOT NULL"
                + " AND (s.last_quality IS NULL OR s.last_quality NOT LIKE 'BAD%') ORDER BY s.gateway_id, s.channel";
        List<WaterExceedance> out = new ArrayList<>();
        jdbc.sql(sql).params(params).query(rs -> {
            Lake lake = lakes.get(rs.getString("gateway_id"));
            if (lake == null) {
                return;
            }
            String channel = rs.getString("channel");
            Limits limits = limits(lake.profile(), channel);
            double v = rs.getDouble("last_value");
            Instant t = Instant.ofEpochMilli(rs.getLong("last_time"));
            if (limits.low() != null && v < limits.low()) {
                out.add(new WaterExceedance(lake.id(), lake.name(), lake.district(), channel, v, limits.low(), "LOW", t));
            } else if (limits.high() != null && v > limits.high()) {
                out.add(new WaterExceedance(lake.id(), lake.name(), lake.district(), channel, v, limits.high(), "HIGH", t));
            }
        });
        return out;
    }

    /**
     * Per lake: 1h buckets in the range in which the average of any channel was outside its limits. One query per
     * profile whose limits apply, driven from the lakes' series of the channels (joined on {@code gateway}, never a
     * list of gateway ids) into the rollup key range {@code (series_id, bucket)}.
     */
    private Map<String, Long> hoursOutside(KpiRange range, Map<String, Lake> lakes) {
        Map<String, Set<String>> storedIds = new TreeMap<>(); // limits profile -> gateway.profile_id values (null too)
        lakes.values().forEach(l -> storedIds.computeIfAbsent(l.profile(), k -> new HashSet<>()).add(l.profileId()));
        Map<String, Long> hours = new HashMap<>();
        storedIds.forEach((profile, ids) -> {
            List<Object> params = KpiRange.params();
            String lakesOfProfile = range.gateways(LAKE, params) + (storedIds.size() == 1 ? "" : profileIn(ids, params));
            List<String> channels = new ArrayList<>();
            List<Object> limitParams = new ArrayList<>();
            List<String> conditions = new ArrayList<>();
            for (String channel : CHANNELS) {
                Limits l = limits(profile, channel);
                List<String> sides = new ArrayList<>();
                limitParams.add(channel);
                if (l.low() != null) {
                    sides.add("r.sum_v / r.cnt < ?");
                    limitParams.add(l.low());
                }
                if (l.high() != null) {
                    sides.add("r.sum_v / r.cnt > ?");
                    limitParams.add(l.high());
                }
                if (sides.isEmpty()) {
                    limitParams.remove(limitParams.size() - 1);
                    continue;
                }
                channels.add(channel);
                conditions.add("(s.channel = ? AND (" + String.join(" OR ", sides) + "))");
            }
            if (conditions.isEmpty()) {
                return;
            }
            params.addAll(channels);
            params.add(range.fromMillis());
            params.add(range.toMillis());
            params.addAll(limitParams);
            String sql = "SELECT s.gateway_id, COUNT(DISTINCT r.bucket) AS hours "
                    + "FROM gateway g JOIN series s ON s.gateway_id = g.id JOIN rollup_1h r ON r.series_id = s.id "
                    + "WHERE " + lakesOfProfile + " AND s.channel IN (" + marks(channels.size()) + ") "
                    + "AND r.bucket >= ? AND r.bucket < ? AND r.cnt > 0 AND (" + String.join(" OR ", conditions)
                    + ") GROUP BY s.gateway_id";
            jdbc.sql(sql).params(params).query(rs -> {
                if (lakes.containsKey(rs.getString("gateway_id"))) {
                    hours.put(rs.getString("gateway_id"), rs.getLong("hours"));
                }
            });
        });
        return hours;
    }

    /** {@code AND} the lake's stored profile id is one of {@code ids} (a few profile ids, {@code null} = none). */
    private static String profileIn(Set<String> ids, List<Object> params) {
        List<String> named = ids.stream().filter(Objects::nonNull).sorted().toList();
        List<String> alternatives = new ArrayList<>();
        if (!named.isEmpty()) {
            alternatives.add("g.profile_id IN (" + marks(named.size()) + ")");
            params.addAll(named);
        }
        if (ids.contains(null)) {
            alternatives.add("g.profile_id IS NULL");
        }
        return " AND (" + String.join(" OR ", alternatives) + ")";
    }

    private static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    private Limits limits(String profileId, String channel) {
        return profiles.profile(profileId).flatMap((DeviceProfile p) -> p.channel(channel))
                .map(c -> Limits.of(c.alarms())).orElse(new Limits(null, null));
    }
}
