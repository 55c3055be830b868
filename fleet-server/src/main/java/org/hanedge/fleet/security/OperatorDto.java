package org.hanedge.fleet.security;

import java.time.Instant;

/** An operator account as the API shows it (never the password hash). */
public record OperatorDto(String username, String displayName, Role role, boolean enabled, Instant createdAt) {
}
