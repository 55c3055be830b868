package org.hanedge.fleet.kpi;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a KPI is computed over.
 *
 * @param from     start (inclusive): rollup buckets starting at or after it count
 * @param to       end (exclusive)
 * @param district only gateways of this district ({@code gateway.district}); {@code null} = the whole city
 */
public record KpiRange(Instant from, Instant to, String district) {

    long fromMillis() {
        return from.toEpochMilli();
    }

    long toMillis() {
        return to.toEpochMilli();
    }

    /**
     * SQL condition selecting the gateways of a profile kind (by {@code gateway.kind} or {@code gateway.profile_id},
     * alias {@code g}) in the range's district; adds its parameters.
     */
    String gateways(String kind, List<Object> params) {
        params.add(kind);
        params.add(kind);
        String sql = "(g.kind = ? OR g.profile_id = ?)";
        if (district != null) {
            params.add(district);
            sql += " AND g.district = ?";
        }
        return sql;
    }

    static List<Object> params(Object... first) {
        return new ArrayList<>(List.of(first));
    }

    /** The name a gateway without a district is grouped under. */
    static final String NO_DISTRICT = "(none)";

    static String districtName(String district) {
        return district == null || district.isBlank() ? NO_DISTRICT : district;
    }

    /** Rounds for display. */
    static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
