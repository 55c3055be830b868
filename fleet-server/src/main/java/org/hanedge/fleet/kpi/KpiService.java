package org.hanedge.fleet.kpi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Service;

/** Computes the city KPIs from rollups, series' latest values and alarms (never raw readings). */
@Service
public class KpiService {
    public static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final TrafficKpi traffic;
    private final WaterKpi water;
    private final DrainageKpi drainage;
    private final WasteKpi waste;
    private final FishingKpi fishing;
    private final Clock clock;

    @Autowired
    KpiService(TrafficKpi traffic, WaterKpi water, DrainageKpi drainage, WasteKpi waste, FishingKpi fishing) {
        this(traffic, water, drainage, waste, fishing, Clock.systemUTC());
    }

    KpiService(TrafficKpi traffic, WaterKpi water, DrainageKpi drainage, WasteKpi waste, FishingKpi fishing,
            Clock clock) {
        this.traffic = traffic;
        this.water = water;
        this.drainage = drainage;
        this.waste = waste;
        this.fishing = fishing;
        this.clock = clock;
    }

    /**
     * The KPIs over [from, to) (ISO-8601 instants; defaults: to = now, from = to - 24 h), for one district or the city.
     *
     * @throws BadRequestException naming {@code from}/{@code to} when malformed or the range is empty or over 400 days
     */
    public KpiReportDto report(String from, String to, String district) {
        Instant end = QueryParameters.instant("to", to, clock.instant());
        Instant start = QueryParameters.instant("from", from, end.minus(DEFAULT_RANGE));
        QueryParameters.checkRange(start, end);
        KpiRange range = new KpiRange(start, end, district == null || district.isBlank() ? null : district.trim());
        return new KpiReportDto(start, end, range.district(), traffic.compute(range), water.compute(range),
                drainage.compute(range), waste.compute(range), fishing.compute(range));
    }
}
