package org.hanedge.fleet.remoteconfig;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A candidate configuration to check without storing it: the body of a PUT, whose {@code reason} and
 * {@code expectedVersion} may be left out (an editor checks while the operator types, before a reason is written).
 */
public record ConfigCheckRequest(
        @Schema(description = "the site document as JSON, as PUT takes it", requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull Map<String, Object> site,
        @Schema(description = "profile id -> version; absent: the server's catalog versions of the devices' profiles")
        Map<String, String> profileVersions,
        @Size(max = 500) String reason,
        Long expectedVersion) {
}
