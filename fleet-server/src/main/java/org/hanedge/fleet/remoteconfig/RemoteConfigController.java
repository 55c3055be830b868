package org.hanedge.fleet.remoteconfig;

import java.security.Principal;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

/**
 * A gateway's desired and reported configuration, its versions and reports (read: viewers; change: operators, see
 * SecurityConfig). docs/fleet-api.md, docs/remote-config.md.
 */
@RestController
public class RemoteConfigController {
    private final RemoteConfigService service;

    public RemoteConfigController(RemoteConfigService service) {
        this.service = service;
    }

    @Operation(summary = "A gateway's desired configuration (latest version), its latest report, and whether it "
            + "runs the latest version (inSync: reported version = desired version and APPLIED)")
    @GetMapping("/api/v1/gateways/{id}/config")
    public GatewayConfigDto get(@PathVariable String id) {
        return service.get(id);
    }

    @Operation(summary = "A new desired configuration (operators): checked with the gateway's own site parser and "
            + "the server's profiles, stored as the next version, published retained on the gateway's config/desired",
            responses = {
                    @ApiResponse(responseCode = "200", description = "stored (publishedAt: the broker acknowledged "
                            + "the publish; absent: it is retried)"),
                    @ApiResponse(responseCode = "404", description = "unknown gateway"),
                    @ApiResponse(responseCode = "409", description = "expectedVersion is not the latest version"),
                    @ApiResponse(responseCode = "422", description = "refused: errors name each field (site file "
                            + "notation, e.g. devices[0].modbus.unitId); nothing stored or published") })
    @PutMapping("/api/v1/gateways/{id}/config")
    public ConfigVersionDto put(@PathVariable String id, @Valid @RequestBody ConfigPutRequest body,
            Principal principal) {
        if (principal == null) {
            throw new BadRequestException("user", "a configuration change needs an authenticated user");
        }
        return service.put(id, body, principal.getName());
    }

    @Operation(summary = "One version of a gateway's desired configuration, with its document")
    @GetMapping("/api/v1/gateways/{id}/config/versions/{version}")
    public ConfigVersionDto version(@PathVariable String id, @PathVariable String version) {
        long v;
        try {
            v = Long.parseLong(version);
        } catch (NumberFormatException e) {
            throw new BadRequestException("version", "'" + version + "' is not a version (a whole number)");
        }
        return service.version(id, v);
    }

    @Operation(summary = "A gateway's configuration reports (config/reported), newest first")
    @GetMapping("/api/v1/gateways/{id}/config/reports")
    public PageDto<ReportedDto> reports(@PathVariable String id,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        return service.reports(id, QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE),
                QueryParameters.intParam("size", size, 50, 1, RemoteConfigService.MAX_PAGE_SIZE));
    }

    @Operation(summary = "Configuration versions of a gateway, newest first")
    @GetMapping("/api/v1/config/versions")
    public PageDto<ConfigVersionDto> versions(
            @Parameter(description = "the gateway (required)") @RequestParam(required = false) String gateway,
            @Parameter(description = "true: with each version's document") @RequestParam(required = false)
            String documents,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        if (gateway == null || gateway.isBlank()) {
            throw new BadRequestException("gateway", "required (the gateway whose versions to list)");
        }
        boolean withDocuments = switch (documents == null ? "" : documents.trim()) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new BadRequestException("documents", "must be true or false, not '" + documents + "'");
        };
        return service.versions(gateway.trim(), QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE),
                QueryParameters.intParam("size", size, 50, 1, RemoteConfigService.MAX_PAGE_SIZE), withDocuments);
    }
}
