package org.hanedge.fleet.kpi;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Waste tonnage delivered to the Khánh Sơn landfill, per truck and per day, from the 1m rollups of
 * {@code gross_weight}. The body load only rises (a step per bin lift) until the truck is weighed at the weighbridge
 * and tips, when it drops to about zero. A delivery is a minute bucket whose minimum is at most {@link #EMPTY_KG}
 * while the minimum of the truck's previous bucket with data was above it (loaded all through that minute); the
 * tonnage delivered is the larger of the two buckets' maxima (the load on the weighbridge, which the stable standing
 * load keeps as the last value before the drop). Days are local days in {@link #ZONE}.
 */
@Component
public class WasteKpi {
    static final String WASTE_TRUCK = "waste-truck";
    static final String CHANNEL = "gross_weight";
    /** A load at or below this is an empty body (scale zero drift, residue); a bin weighs 40-90 kg. */
    static final double EMPTY_KG = 100;
    static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    /** How far before the range the previous bucket is looked for. */
    static final long LOOK_BACK_MS = 3_600_000L;

    public record WasteKpis(int trucks, int deliveries, double tonnes, List<TruckDeliveries> perTruck, List<DayDeliveries> perDay,
            List<WasteDistrict> districts) {
    }

    /**
     * @param days         local days with at least one delivery
     * @param tonnesPerDay tonnes per such day
     */
    public record TruckDeliveries(String gateway, String name, String district, int deliveries, double tonnes, int days,
            Double tonnesPerDay) {
    }

    public record DayDeliveries(LocalDate date, int deliveries, int trucks, double tonnes) {
    }

    public record WasteDistrict(String district, int trucks, int deliveries, double tonnes) {
    }

    private static final class Acc {
        final Set<Object> keys = new HashSet<>();
        int deliveries;
        double kg;

        void add(Object key, double loadKg) {
            keys.add(key);
            deliveries++;
            kg += loadKg;
        }
    }

    private record TruckInfo(String name, String district) {
    }

    private final JdbcClient jdbc;

    WasteKpi(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    WasteKpis compute(KpiRange range) {
        List<Object> params = KpiRange.params();
        Map<String, TruckInfo> trucks = new LinkedHashMap<>();
        jdbc.sql("SELECT g.id, g.name, g.district FROM gateway g WHERE " + range.gateways(WASTE_TRUCK, params)
                        + " ORDER BY g.id")
                .params(params)
                .query(rs -> {
                    trucks.put(rs.getString("id"), new TruckInfo(rs.getString("name"), rs.getString("district")));
                });

        params = KpiRange.params(range.fromMillis() - LOOK_BACK_MS, range.toMillis(), CHANNEL);
        String inner = "SELECT s.gateway_id, r.bucket, r.min_v, r.max_v, "
                + "LAG(r.min_v) OVER (PARTITION BY r.series_id ORDER BY r.bucket) AS prev_min, "
                + "LAG(r.max_v) OVER (PARTITION BY r.series_id ORDER BY r.bucket) AS prev_max "
                + "FROM rollup_1m r JOIN series s ON s.id = r.series_id JOIN gateway g ON g.id = s.gateway_id "
                + "WHERE r.bucket >= ? AND r.bucket < ? AND s.channel = ? AND " + range.gateways(WASTE_TRUCK, params);
        params.add(EMPTY_KG);
        params.add(EMPTY_KG);
        params.add(range.fromMillis());
        String sql = "SELECT gateway_id, bucket, max_v, prev_max FROM (" + inner + ") x "
                + "WHERE x.min_v <= ? AND x.prev_min > ? AND x.bucket >= ? ORDER BY bucket";

        Map<String, Acc> perTruck = new LinkedHashMap<>();
        Map<LocalDate, Acc> perDay = new TreeMap<>();
        Map<String, Acc> perDistrict = new TreeMap<>();
        Map<String, Set<LocalDate>> truckDays = new TreeMap<>();
        jdbc.sql(sql).params(params).query(rs -> {
            String id = rs.getString("gateway_id");
            double kg = Math.max(rs.getDouble("max_v"), rs.getDouble("prev_max"));
            LocalDate day = Instant.ofEpochMilli(rs.getLong("bucket")).atZone(ZONE).toLocalDate();
            perTruck.computeIfAbsent(id, k -> new Acc()).add(day, kg);
            perDay.computeIfAbsent(day, k -> new Acc()).add(id, kg);
            TruckInfo info = trucks.get(id);
            perDistrict.computeIfAbsent(KpiRange.districtName(info == null ? null : info.district()),
                    k -> new Acc()).add(id, kg);
            truckDays.computeIfAbsent(id, k -> new HashSet<>()).add(day);
        });

        List<TruckDeliveries> truckList = new ArrayList<>();
        int deliveries = 0;
        double kg = 0;
        for (Map.Entry<String, TruckInfo> t : trucks.entrySet()) {
            Acc a = perTruck.get(t.getKey());
            if (a == null) {
                continue;
            }
            int days = truckDays.get(t.getKey()).size();
            truckList.add(new TruckDeliveries(t.getKey(), t.getValue().name(), t.getValue().district(), a.deliveries,
                    tonnes(a.kg), days, KpiRange.round(a.kg / 1000 / days, 2)));
            deliveries += a.deliveries;
            kg += a.kg;
        }
        List<DayDeliveries> dayList = new ArrayList<>();
        perDay.forEach((d, a) -> dayList.add(new DayDeliveries(d, a.deliveries, a.keys.size(), tonnes(a.kg))));
        Map<String, Integer> trucksPerDistrict = new TreeMap<>();
        trucks.values().forEach(t -> trucksPerDistrict.merge(KpiRange.districtName(t.district()), 1, Integer::sum));
        List<WasteDistrict> districts = new ArrayList<>();
        trucksPerDistrict.forEach((d, n) -> {
            Acc a = perDistrict.getOrDefault(d, new Acc());
            districts.add(new WasteDistrict(d, n, a.deliveries, tonnes(a.kg)));
        });
        return new WasteKpis(trucks.size(), deliveries, tonnes(kg), truckList, dayList, districts);
    }

    private static double tonnes(double kg) {
        return KpiRange.round(kg / 1000, 2);
    }
}
