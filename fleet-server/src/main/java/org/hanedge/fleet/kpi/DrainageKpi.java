package org.hanedge.fleet.kpi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Pump running hours and wet-well alarms per pump station. {@code pump1_hours..pump3_hours} are running-hour
 * counters: a pump's hours in the range are {@code max - min} over the range's 1h rollups. Wet-well alarms are the
 * alarms on {@code wet_well_level} or {@code high_level_float} raised in the range.
 */
@Component
public class DrainageKpi {
    static final String PUMP_STATION = "pump-station";
    static final List<String> HOUR_COUNTERS = List.of("pump1_hours", "pump2_hours", "pump3_hours");
    static final List<String> WET_WELL_CHANNELS = List.of("wet_well_level", "high_level_float");

    public record DrainageKpis(int stations, double runningHours, long wetWellAlarms, List<PumpStation> perStation,
            List<DrainageDistrict> districts) {
    }

    /** @param pumpHours running hours in the range per counter channel */
    public record PumpStation(String gateway, String name, String district, Map<String, Double> pumpHours, double runningHours,
            long wetWellAlarms) {
    }

    public record DrainageDistrict(String district, int stations, double runningHours, long wetWellAlarms) {
    }

    private static final class Acc {
        final String id;
        final String name;
        final String district;
        final Map<String, Double> hours = new TreeMap<>();
        long alarms;

        Acc(String id, String name, String district) {
            this.id = id;
            this.name = name;
            this.district = district;
        }

        double total() {
            return hours.values().stream().mapToDouble(Double::doubleValue).sum();
        }
    }

    private final JdbcClient jdbc;

    DrainageKpi(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    DrainageKpis compute(KpiRange range) {
        Map<String, Acc> stations = new LinkedHashMap<>();
        List<Object> params = KpiRange.params();
        jdbc.sql("SELECT g.id, g.name, g.district FROM gateway g WHERE " + range.gateways(PUMP_STATION, params)
                        + " ORDER BY g.id")
                .params(params)
                .query(rs -> {
                    stations.put(rs.getString("id"),
                            new Acc(rs.getString("id"), rs.getString("name"), rs.getString("district")));
                });

        params = KpiRange.params(range.fromMillis(), range.toMillis());
        String hoursSql = "SELECT s.gateway_id, s.channel, MAX(r.max_v) - MIN(r.min_v) AS hours "
                + "FROM gateway g JOIN series s ON s.gateway_id = g.id JOIN rollup_1h r ON r.series_id = s.id "
                + "WHERE r.bucket >= ? AND r.bucket < ? AND s.channel IN ('" + String.join("', '", HOUR_COUNTERS)
                + "') AND " + range.gateways(PUMP_STATION, params) + " GROUP BY s.gateway_id, s.id, s.channel";
        jdbc.sql(hoursSql).params(params).query(rs -> {
            Acc a = stations.get(rs.getString("gateway_id"));
            if (a != null) {
                a.hours.merge(rs.getString("channel"), Math.max(0, rs.getDouble("hours")), Double::sum);
            }
        });

        params = KpiRange.params(range.fromMillis(), range.toMillis());
        String alarmSql = "SELECT a.gateway_id, COUNT(*) AS n FROM alarm a JOIN gateway g ON g.id = a.gateway_id "
                + "WHERE a.raised_at >= ? AND a.raised_at < ? AND a.channel IN ('"
                + String.join("', '", WET_WELL_CHANNELS) + "') AND " + range.gateways(PUMP_STATION, params)
                + " GROUP BY a.gateway_id";
        jdbc.sql(alarmSql).params(params).query(rs -> {
            Acc a = stations.get(rs.getString("gateway_id"));
            if (a != null) {
                a.alarms = rs.getLong("n");
            }
        });

        List<PumpStation> perStation = new ArrayList<>();
        Map<String, double[]> byDistrict = new TreeMap<>(); // stations, hours, alarms
        double hours = 0;
        long alarms = 0;
        for (Acc a : stations.values()) {
            double total = a.total();
            perStation.add(new PumpStation(a.id, a.name, a.district, Map.copyOf(a.hours), KpiRange.round(total, 1),
                    a.alarms));
            double[] d = byDistrict.computeIfAbsent(KpiRange.districtName(a.district), k -> new double[3]);
            d[0]++;
            d[1] += total;
            d[2] += a.alarms;
            hours += total;
            alarms += a.alarms;
        }
        List<DrainageDistrict> districts = new ArrayList<>();
        byDistrict.forEach((k, d) -> districts.add(new DrainageDistrict(k, (int) d[0], KpiRange.round(d[1], 1), (long) d[2])));
        return new DrainageKpis(stations.size(), KpiRange.round(hours, 1), alarms, perStation, districts);
    }
}
