package org.hanedge.fleet.security;

/** Who the caller is: an operator's username or {@code token:<name>}, the role, and the kind of credential. */
public record MeDto(String username, Role role, PrincipalKind kind) {
}
