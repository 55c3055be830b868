package org.hanedge.fleet.security;

import java.util.Collection;
import java.util.Optional;

import org.springframework.security.core.GrantedAuthority;

/** What an operator account or an API token may do. Each role includes the ones below it (role hierarchy). */
public enum Role {
    /** reads everything under {@code /api/v1} and the metrics */
    VIEWER,
    /** plus acts on alarms (acknowledge, comment) */
    OPERATOR,
    /** plus manages operator accounts and API tokens */
    ADMIN;

    /** The Spring Security authority, {@code ROLE_<name>}. */
    public String authority() {
        return "ROLE_" + name();
    }

    /** The highest role among granted authorities, if any. */
    public static Optional<Role> highest(Collection<? extends GrantedAuthority> authorities) {
        Role best = null;
        for (GrantedAuthority a : authorities) {
            for (Role r : values()) {
                if (r.authority().equals(a.getAuthority()) && (best == null || r.ordinal() > best.ordinal())) {
                    best = r;
                }
            }
        }
        return Optional.ofNullable(best);
    }
}
