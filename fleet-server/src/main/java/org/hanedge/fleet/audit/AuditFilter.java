package org.hanedge.fleet.audit;

import java.time.Instant;

/** Which audit entries to list; null fields do not filter. {@code from} inclusive, {@code to} exclusive. */
public record AuditFilter(String gateway, String actor, AuditAction action, Instant from, Instant to) {
}
