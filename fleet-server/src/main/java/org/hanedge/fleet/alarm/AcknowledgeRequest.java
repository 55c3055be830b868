package org.hanedge.fleet.alarm;

import jakarta.validation.constraints.Size;

/** Body of an acknowledgement; the comment is optional. */
public record AcknowledgeRequest(@Size(max = 500) String comment) {
}
