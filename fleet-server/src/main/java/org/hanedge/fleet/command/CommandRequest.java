package org.hanedge.fleet.command;

import com.fasterxml.jackson.databind.JsonNode;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/v1/gateways/{id}/commands}: set an output channel of a device of the gateway.
 *
 * @param device  a device the gateway announced in its birth
 * @param channel a writable output of that device's profile
 * @param value   {@code true}/{@code false} for a digital output (relay)
 * @param reason  why, for the record (optional)
 */
public record CommandRequest(
        @Schema(example = "ps-io") @NotBlank @Size(max = 64) String device,
        @Schema(example = "pump1_run") @NotBlank @Size(max = 64) String channel,
        @Schema(example = "true", description = "true or false for a digital output (a JSON boolean)")
        @NotNull JsonNode value,
        @Schema(example = "storm: start pump 1 ahead of the rain") @Size(max = 500) String reason) {
}
