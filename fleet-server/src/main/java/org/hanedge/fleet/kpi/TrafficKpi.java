package org.hanedge.fleet.kpi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Vehicles per hour, from the 1h rollups of the intersections' {@code *_vehicle_count} channels. The counters are
 * cumulative since local midnight (UTC+7, so the reset falls on an hour boundary): an hour's count on an approach is
 * {@code max - min} of its 1h bucket; the four approaches add up to the intersection's count.
 */
@Component
public class TrafficKpi {
    static final List<String> COUNTERS = List.of("north_vehicle_count", "east_vehicle_count", "south_vehicle_count",
            "west_vehicle_count");
    static final String CORRIDOR_TAG = "corridor:";

    /**
     * @param vehicles        vehicles counted in the range
     * @param vehiclesPerHour vehicles per intersection-hour with data (the mean hourly flow through an intersection)
     */
    public record TrafficKpis(int intersections, long vehicles, Double vehiclesPerHour, List<TrafficGroup> corridors,
            List<TrafficGroup> districts) {
    }

    /** A corridor ({@code corridor:} tag) or a district. */
    public record TrafficGroup(String name, int intersections, long vehicles, Double vehiclesPerHour) {
    }

    private record Row(String gateway, String district, String corridor, double vehicles, long hours) {
    }

    private final JdbcClient jdbc;

    TrafficKpi(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    TrafficKpis compute(KpiRange range) {
        List<Object> params = KpiRange.params(range.fromMillis(), range.toMillis());
        String sql = "SELECT g.id, g.district, t.tag, SUM(r.max_v - r.min_v) AS vehicles, "
                + "COUNT(DISTINCT r.bucket) AS hours "
                + "FROM gateway g JOIN series s ON s.gateway_id = g.id JOIN rollup_1h r ON r.series_id = s.id "
                + "LEFT JOIN gateway_tag t ON t.gateway_id = g.id AND t.tag LIKE 'corridor:%' "
                + "WHERE r.bucket >= ? AND r.bucket < ? AND s.channel IN ('" + String.join("', '", COUNTERS) + "') "
                + "AND " + range.gateways("intersection", params)
                + " GROUP BY g.id, g.district, t.tag";
        List<Row> rows = jdbc.sql(sql).params(params).query((rs, n) -> {
            String tag = rs.getString("tag");
            return new Row(rs.getString("id"), rs.getString("district"),
                    tag == null ? null : tag.substring(CORRIDOR_TAG.length()), rs.getDouble("vehicles"),
                    rs.getLong("hours"));
        }).list();

        Map<String, Acc> corridors = new TreeMap<>();
        Map<String, Acc> districts = new TreeMap<>();
        Acc total = new Acc();
        for (Row r : rows) {
            if (r.corridor() != null) {
                corridors.computeIfAbsent(r.corridor(), k -> new Acc()).add(r);
            }
            // an intersection on two corridors appears twice in rows; count it once for districts and the city
            if (total.gateways.add(r.gateway())) {
                total.addCounts(r);
                districts.computeIfAbsent(KpiRange.districtName(r.district()), k -> new Acc()).add(r);
            }
        }
        return new TrafficKpis(total.gateways.size(), Math.round(total.vehicles), total.perHour(),
                groups(corridors), groups(districts));
    }

    private static List<TrafficGroup> groups(Map<String, Acc> m) {
        List<TrafficGroup> out = new ArrayList<>();
        m.forEach((name, a) -> out.add(new TrafficGroup(name, a.gateways.size(), Math.round(a.vehicles), a.perHour())));
        return out;
    }

    private static final class Acc {
        final java.util.Set<String> gateways = new java.util.HashSet<>();
        double vehicles;
        long hours;

        void add(Row r) {
            gateways.add(r.gateway());
            addCounts(r);
        }

        void addCounts(Row r) {
            vehicles += r.vehicles();
            hours += r.hours();
        }

        Double perHour() {
            return hours == 0 ? null : KpiRange.round(vehicles / hours, 1);
        }
    }
}
