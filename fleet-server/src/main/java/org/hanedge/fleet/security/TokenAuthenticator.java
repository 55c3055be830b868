package org.hanedge.fleet.security;

/** Checks a presented bearer token. */
public interface TokenAuthenticator {

    /**
     * @param token the token as presented after {@code Bearer }
     * @return the authenticated token
     * @throws org.springframework.security.core.AuthenticationException when the token is unknown, expired or revoked
     */
    ApiTokenAuthentication authenticate(String token);
}
