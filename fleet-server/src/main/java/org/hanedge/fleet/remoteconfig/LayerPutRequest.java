package org.hanedge.fleet.remoteconfig;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * A new version of a layer (the fleet default or a group's).
 *
 * @param document        a partial site document: {@code profiles}, {@code uplink} (no credential), {@code outbox},
 *                        {@code rules}, {@code remoteConfig}; {@code null} values remove what a lower layer set
 * @param expectedVersion the layer version the change is based on (0: none yet); another answers 409
 */
public record LayerPutRequest(
        @Schema(description = "partial site document: profiles, uplink (no credential), outbox, rules, remoteConfig",
                requiredMode = Schema.RequiredMode.REQUIRED)
        @NotNull Map<String, Object> document,
        @NotBlank @Size(max = 500) String reason,
        @Min(0) Long expectedVersion) {
}
