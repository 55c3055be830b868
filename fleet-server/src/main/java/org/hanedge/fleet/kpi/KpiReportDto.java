package org.hanedge.fleet.kpi;

import java.time.Instant;

/**
 * City-wide KPIs per domain over a range, each with a per-district breakdown.
 *
 * @param district the district asked for; absent = the whole city
 */
public record KpiReportDto(Instant from, Instant to, String district, TrafficKpi.TrafficKpis traffic,
        WaterKpi.WaterKpis water, DrainageKpi.DrainageKpis drainage, WasteKpi.WasteKpis waste,
        FishingKpi.FishingKpis fishing) {
}
