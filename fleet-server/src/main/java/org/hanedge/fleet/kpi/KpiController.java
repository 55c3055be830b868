package org.hanedge.fleet.kpi;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** City-wide KPIs. */
@RestController
public class KpiController {
    private final KpiService service;

    public KpiController(KpiService service) {
        this.service = service;
    }

    @Operation(summary = "KPIs per domain (traffic, water, drainage, waste, fishing), each also by district")
    @GetMapping("/api/v1/kpis")
    public KpiReportDto kpis(
            @Parameter(description = "ISO-8601 instant; default to - 24h") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant; default now") @RequestParam(required = false) String to,
            @Parameter(description = "only gateways of this district") @RequestParam(required = false) String district) {
        return service.report(from, to, district);
    }
}
