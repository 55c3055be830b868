package org.hanedge.fleet.security;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * An authenticated API token. Its name ({@link #getName()}) is {@code token:<token name>}, which cannot collide with
 * an operator's username (usernames have no colon); audit columns such as {@code acknowledged_by} can store it as is.
 */
public final class ApiTokenAuthentication extends AbstractAuthenticationToken {
    public static final String NAME_PREFIX = "token:";

    private final long tokenId;
    private final String tokenName;
    private final Role role;

    public ApiTokenAuthentication(long tokenId, String tokenName, Role role) {
        super(List.of(new SimpleGrantedAuthority(role.authority())));
        this.tokenId = tokenId;
        this.tokenName = tokenName;
        this.role = role;
        setAuthenticated(true);
    }

    public long tokenId() {
        return tokenId;
    }

    public Role role() {
        return role;
    }

    @Override
    public Object getCredentials() {
        return ""; // the token itself is never kept
    }

    @Override
    public Object getPrincipal() {
        return NAME_PREFIX + tokenName;
    }

    @Override
    public String getName() {
        return NAME_PREFIX + tokenName;
    }
}
