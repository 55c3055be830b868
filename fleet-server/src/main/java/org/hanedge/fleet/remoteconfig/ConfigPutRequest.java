package org.hanedge.fleet.remoteconfig;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A new desired configuration for one gateway.
 *
 * @param site            the site document (docs/gateway-config.md as JSON), without the uplink credential
 * @param profileVersions profile id -> version the configuration is written for; absent: the server's catalog
 *                        versions of the profiles the devices use; {@code {}}: none stated
 * @param reason          why (kept with the version)
 * @param expectedVersion the version the change is based on (0: none yet); another latest version answers 409
 */
public record ConfigPutRequest(
        @Schema(description = "the site document as JSON, without uplink.username, uplink.password, uplink.tls",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull Map<String, Object> site,
        @Schema(description = "profile id -> version; absent: the server's catalog versions of the devices' profiles")
        Map<String, String> profileVersions,
        @NotBlank @Size(max = 500) String reason,
        @Schema(description = "optimistic concurrency: the latest version the change is based on (0: none); "
                + "another answers 409")
        @Min(0) Long expectedVersion) {
}
