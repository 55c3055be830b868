package org.hanedge.fleet.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Boats at sea versus in harbour, from each fishing boat's latest {@code position_lat} / {@code position_lon}: within
 * {@link #HARBOUR_RADIUS_M} of Thọ Quang harbour (the simulators' {@code Routes.HARBOUR_LAT/LON}) is in harbour,
 * further is at sea. A boat without both coordinates, or whose latest coordinates are not GOOD (no fix: UNCERTAIN;
 * receiver silent: BAD_*), is unknown. Always the latest state, whatever the range.
 */
@Component
public class FishingKpi {
    static final String FISHING_BOAT = "fishing-boat";
    static final String HARBOUR_NAME = "Thọ Quang harbour";
    static final double HARBOUR_LAT = 16.1035;
    static final double HARBOUR_LON = 108.2370;
    /** The harbour basin; the harbour mouth of the simulated route (16.1150 N 108.2330 E) is 1.35 km out. */
    static final double HARBOUR_RADIUS_M = 1_000;

    public enum Where { AT_SEA, IN_HARBOUR, UNKNOWN }

    public record FishingKpis(int boats, int atSea, int inHarbour, int unknown, Harbour harbour, List<FishingDistrict> districts) {
    }

    public record Harbour(String name, double lat, double lon, double radiusM) {
    }

    public record FishingDistrict(String district, int boats, int atSea, int inHarbour, int unknown) {
    }

    private static final class Boat {
        String district;
        Double lat;
        Double lon;
        boolean bad;

        Where where() {
            if (bad || lat == null || lon == null) {
                return Where.UNKNOWN;
            }
            return distanceM(lat, lon, HARBOUR_LAT, HARBOUR_LON) <= HARBOUR_RADIUS_M ? Where.IN_HARBOUR : Where.AT_SEA;
        }
    }

    private final JdbcClient jdbc;

    FishingKpi(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    FishingKpis compute(KpiRange range) {
        List<Object> params = KpiRange.params();
        String sql = "SELECT g.id, g.district, s.channel, s.last_value, s.last_quality FROM gateway g "
                + "LEFT JOIN series s ON s.gateway_id = g.id AND s.channel IN ('position_lat', 'position_lon') "
                + "WHERE " + range.gateways(FISHING_BOAT, params);
        Map<String, Boat> boats = new LinkedHashMap<>();
        jdbc.sql(sql).params(params).query(rs -> {
            Boat b = boats.computeIfAbsent(rs.getString("id"), k -> new Boat());
            b.district = rs.getString("district");
            String channel = rs.getString("channel");
            if (channel == null) {
                return;
            }
            double v = rs.getDouble("last_value");
            Double value = rs.wasNull() ? null : v;
            String quality = rs.getString("last_quality");
            if (quality != null && !"GOOD".equals(quality)) {
                b.bad = true;
            }
            if ("position_lat".equals(channel)) {
                b.lat = value;
            } else {
                b.lon = value;
            }
        });
        int[] total = new int[3];
        Map<String, int[]> byDistrict = new TreeMap<>();
        for (Boat b : boats.values()) {
            int i = b.where().ordinal();
            total[i]++;
            byDistrict.computeIfAbsent(KpiRange.districtName(b.district), k -> new int[3])[i]++;
        }
        List<FishingDistrict> districts = new ArrayList<>();
        byDistrict.forEach((k, d) -> districts.add(new FishingDistrict(k, d[0] + d[1] + d[2], d[0], d[1], d[2])));
        return new FishingKpis(boats.size(), total[0], total[1], total[2],
                new Harbour(HARBOUR_NAME, HARBOUR_LAT, HARBOUR_LON, HARBOUR_RADIUS_M), districts);
    }

    /** Great-circle distance in metres (haversine, mean Earth radius). */
    static double distanceM(double lat1, double lon1, double lat2, double lon2) {
        double r = 6_371_000;
        double dLat = Math.toRadians(lat2 - lat1);
        double dLon = Math.toRadians(lon2 - lon1);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2) + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2)) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * r * Math.asin(Math.sqrt(a));
    }
}
