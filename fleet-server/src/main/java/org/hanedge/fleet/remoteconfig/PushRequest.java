package org.hanedge.fleet.remoteconfig;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * A push of the current layers to a group's gateways.
 *
 * @param group {@code fleet}, {@code kind:KIND}, {@code district:DISTRICT} or {@code tag:TAG}
 */
public record PushRequest(@NotBlank String group, @NotBlank @Size(max = 500) String reason) {
}
