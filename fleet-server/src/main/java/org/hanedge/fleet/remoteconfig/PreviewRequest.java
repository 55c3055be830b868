package org.hanedge.fleet.remoteconfig;

import java.util.Map;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/**
 * What a push of a group would do.
 *
 * @param group    {@code fleet}, {@code kind:KIND}, {@code district:DISTRICT} or {@code tag:TAG}
 * @param document the group's layer as it would be (an edit not stored yet); absent: its latest stored version
 */
public record PreviewRequest(@NotBlank String group,
        @Schema(description = "a candidate layer document in place of the stored one; absent: the stored one")
        Map<String, Object> document) {
}
