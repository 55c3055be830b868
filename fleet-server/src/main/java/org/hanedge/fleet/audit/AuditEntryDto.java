package org.hanedge.fleet.audit;

import java.time.Instant;
import java.util.Map;

/**
 * One audit entry.
 *
 * @param actor   who: an operator's name, {@code token:<name>}, {@code gateway:<id>} or {@code server}
 * @param gateway the target gateway, absent when none
 * @param details what else belongs to the record (a version, a reason, errors ...)
 */
public record AuditEntryDto(long id, Instant at, String actor, AuditAction action, String gateway, String outcome,
        Map<String, Object> details) {
}
