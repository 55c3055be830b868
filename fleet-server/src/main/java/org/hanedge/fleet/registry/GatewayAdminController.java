package org.hanedge.fleet.registry;

import org.hanedge.fleet.api.ConflictException;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import jakarta.validation.Valid;

/** Registering gateways (administrators; the technician's provisioning tool calls this). */
@RestController
@RequestMapping("/api/v1/admin/gateways")
public class GatewayAdminController {
    private final GatewayRegistry registry;

    public GatewayAdminController(GatewayRegistry registry) {
        this.registry = registry;
    }

    /** Registers a gateway; 409 if the id is taken (registration never overwrites a site). */
    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    public GatewayDto register(@Valid @RequestBody RegisterGatewayRequest request) {
        if (registry.register(java.util.List.of(request.toSite())) == 0) {
            throw new ConflictException("gateway '" + request.id() + "' is already registered");
        }
        return GatewayDto.of(registry.get(request.id()));
    }
}
