package org.hanedge.fleet.remoteconfig;

import java.net.URI;
import java.security.Principal;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
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
    private final LayerService layers;
    private final ConfigDryRun dryRun;

    public RemoteConfigController(RemoteConfigService service, LayerService layers, ConfigDryRun dryRun) {
        this.service = service;
        this.layers = layers;
        this.dryRun = dryRun;
    }

    @Operation(summary = "Check a candidate configuration without storing or publishing it (operators): the checks "
            + "of a PUT (site parser, profiles, the layer merge); reason and expectedVersion may be left out",
            responses = {
                    @ApiResponse(responseCode = "200", description = "it would be accepted: the effective document "
                            + "with the layer each value comes from"),
                    @ApiResponse(responseCode = "404", description = "unknown gateway"),
                    @ApiResponse(responseCode = "422", description = "a PUT of it would be refused: the same problem "
                            + "body, errors by field") })
    @PostMapping("/api/v1/gateways/{id}/config/check")
    public EffectiveDto check(@PathVariable String id, @Valid @RequestBody ConfigCheckRequest body) {
        return dryRun.check(id, body);
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

    @Operation(summary = "What a gateway would get now: its latest own document over the current layers, with the "
            + "layer each value comes from (a preview; nothing is stored)")
    @GetMapping("/api/v1/gateways/{id}/config/effective")
    public EffectiveDto effective(@PathVariable String id) {
        return service.effective(id);
    }

    @Operation(summary = "Configuration versions of a gateway or of a layer, newest first")
    @GetMapping("/api/v1/config/versions")
    public PageDto<?> versions(
            @Parameter(description = "the gateway (this or group)") @RequestParam(required = false) String gateway,
            @Parameter(description = "the layer: fleet, kind:KIND, district:DISTRICT or tag:TAG (this or gateway)")
            @RequestParam(required = false) String group,
            @Parameter(description = "true: with each version's document") @RequestParam(required = false)
            String documents,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        boolean hasGateway = gateway != null && !gateway.isBlank();
        boolean hasGroup = group != null && !group.isBlank();
        if (hasGateway == hasGroup) {
            throw new BadRequestException(hasGateway ? "group" : "gateway",
                    "give exactly one of gateway (a gateway's versions) and group (a layer's versions)");
        }
        boolean withDocuments = switch (documents == null ? "" : documents.trim()) {
            case "", "false" -> false;
            case "true" -> true;
            default -> throw new BadRequestException("documents", "must be true or false, not '" + documents + "'");
        };
        int p = QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int n = QueryParameters.intParam("size", size, 50, 1, RemoteConfigService.MAX_PAGE_SIZE);
        return hasGateway ? service.versions(gateway.trim(), p, n, withDocuments)
                : layers.versions(LayerGroup.parse("group", group), p, n, withDocuments);
    }

    @Operation(summary = "The latest version of every configuration layer (fleet default, site kinds, districts, tags)")
    @GetMapping("/api/v1/config/layers")
    public java.util.List<LayerDto> layers() {
        return layers.layers();
    }

    @Operation(summary = "A layer's latest version with its document and the number of gateways in its group")
    @GetMapping("/api/v1/config/layers/{group}")
    public LayerDto layer(@Parameter(description = "fleet, kind:KIND, district:DISTRICT or tag:TAG")
            @PathVariable String group) {
        return layers.layer(LayerGroup.parse("group", group));
    }

    @Operation(summary = "A new version of a layer (operators): checked with the site parser and against every "
            + "gateway of the group that has a configuration; not published until a push",
            responses = {
                    @ApiResponse(responseCode = "200", description = "stored"),
                    @ApiResponse(responseCode = "409", description = "expectedVersion is not the latest version"),
                    @ApiResponse(responseCode = "422", description = "refused: errors name each field (with the "
                            + "gateway for a gateway it would break)") })
    @PutMapping("/api/v1/config/layers/{group}")
    public LayerDto putLayer(@PathVariable String group, @Valid @RequestBody LayerPutRequest body,
            Principal principal) {
        return layers.put(LayerGroup.parse("group", group), body, caller(principal));
    }

    @Operation(summary = "Push the current layers to a group's gateways (operators): a new version for each gateway "
            + "whose effective document changed, published; progress per gateway at its Location")
    @PostMapping("/api/v1/config/pushes")
    public ResponseEntity<PushDto> push(@Valid @RequestBody PushRequest body, Principal principal) {
        PushDto push = layers.push(LayerGroup.parse("group", body.group()), body.reason(), caller(principal));
        return ResponseEntity.created(URI.create("/api/v1/config/pushes/" + push.id())).body(push);
    }

    @Operation(summary = "What a push of a group would do to each of its gateways now (operators; a dry run: "
            + "CHANGED, UNCHANGED, REFUSED with errors, SKIPPED), optionally with a candidate layer document")
    @PostMapping("/api/v1/config/pushes/preview")
    public PreviewDto preview(@Valid @RequestBody PreviewRequest body) {
        return dryRun.preview(LayerGroup.parse("group", body.group()), body.document());
    }

    @Operation(summary = "A push and where each of its gateways is now (PENDING, PUBLISHED, APPLYING, APPLIED, "
            + "ROLLED_BACK, REJECTED, DRIFT, SUPERSEDED; REFUSED, SKIPPED)")
    @GetMapping("/api/v1/config/pushes/{id}")
    public PushDto push(@PathVariable String id) {
        try {
            return layers.push(Long.parseLong(id));
        } catch (NumberFormatException e) {
            throw new BadRequestException("id", "'" + id + "' is not a push id (a whole number)");
        }
    }

    private static String caller(Principal principal) {
        if (principal == null) {
            throw new BadRequestException("user", "a configuration change needs an authenticated user");
        }
        return principal.getName();
    }
}
