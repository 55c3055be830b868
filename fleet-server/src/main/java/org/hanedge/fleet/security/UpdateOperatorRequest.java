package org.hanedge.fleet.security;

import jakarta.validation.constraints.Size;

/** A change to an operator account; absent (null) fields stay as they are. */
public record UpdateOperatorRequest(
        @Size(max = 200, message = "must be at most 200 characters") String displayName,
        Role role,
        Boolean enabled,
        String password) {

    @Override
    public String toString() { // never the password
        return "UpdateOperatorRequest[role=" + role + ", enabled=" + enabled + ", password="
                + (password == null ? "unchanged" : "changed") + "]";
    }
}
