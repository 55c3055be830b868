package org.hanedge.fleet.security;

import java.time.Instant;

/** An API token as listed: never the token or its hash. */
public record TokenDto(long id, String name, Role role, String createdBy, Instant createdAt, Instant expiresAt,
        Instant lastUsedAt, Instant revokedAt, TokenState state) {

    public enum TokenState {
        ACTIVE, EXPIRED, REVOKED
    }
}
