package org.hanedge.fleet.registry;

import org.hanedge.fleet.api.PageDto;
import org.springframework.validation.annotation.Validated;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/** The fleet registry: list and filter gateways with their status; one gateway. */
@RestController
@RequestMapping("/api/v1/gateways")
@Validated
public class GatewayController {
    private final GatewayRegistry registry;

    public GatewayController(GatewayRegistry registry) {
        this.registry = registry;
    }

    @GetMapping
    public PageDto<GatewayDto> list(@RequestParam(required = false) String kind,
            @RequestParam(required = false) String district, @RequestParam(required = false) Boolean online,
            @RequestParam(required = false) String firmware, @RequestParam(required = false) String tag,
            @RequestParam(required = false) String q,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "100") @Min(1) @Max(1000) int size) {
        PageDto<Gateway> p = registry.search(new GatewayFilter(kind, district, online, firmware, tag, q), page, size);
        return new PageDto<>(p.items().stream().map(GatewayDto::of).toList(), p.page(), p.size(), p.total());
    }

    @GetMapping("/{id}")
    public GatewayDto get(@PathVariable String id) {
        return GatewayDto.of(registry.get(id));
    }
}
