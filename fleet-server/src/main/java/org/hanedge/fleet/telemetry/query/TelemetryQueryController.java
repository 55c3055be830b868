package org.hanedge.fleet.telemetry.query;

import java.util.List;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** Latest values and channel series of a gateway. */
@RestController
@RequestMapping("/api/v1/gateways/{id}")
public class TelemetryQueryController {
    private final TelemetryQueryService service;

    public TelemetryQueryController(TelemetryQueryService service) {
        this.service = service;
    }

    @Operation(summary = "Latest value of every series of the gateway")
    @GetMapping("/latest")
    public List<LatestValueDto> latest(@PathVariable String id) {
        return service.latest(id);
    }

    @Operation(summary = "A channel's series; the step chooses raw readings (< 1m) or the coarsest rollup not wider than the step")
    @GetMapping("/series")
    public SeriesDto series(@PathVariable String id,
            @Parameter(description = "device id; may be omitted when the channel is on one device only")
            @RequestParam(required = false) String device,
            @RequestParam(required = false) String channel,
            @Parameter(description = "ISO-8601 instant; default to - 24h") @RequestParam(required = false) String from,
            @Parameter(description = "ISO-8601 instant; default now") @RequestParam(required = false) String to,
            @Parameter(description = "ISO-8601 duration (PT5M) or 30s/5m/1h/1d/1w; default: about 1,000 points")
            @RequestParam(required = false) String step) {
        return service.series(id, device, channel, from, to, step);
    }
}
