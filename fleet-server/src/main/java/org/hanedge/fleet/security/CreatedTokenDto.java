package org.hanedge.fleet.security;

import java.time.Instant;

/** Answer to creating a token: the only time the token itself is shown. */
public record CreatedTokenDto(long id, String name, Role role, Instant expiresAt, String token) {

    @Override
    public String toString() { // never the token
        return "CreatedTokenDto[" + id + ", " + name + ", " + role + "]";
    }
}
