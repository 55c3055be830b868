package org.hanedge.fleet.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** A new operator account. The password needs 12 characters or more (outside demo mode) and at most 72 bytes. */
public record CreateOperatorRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "[a-z0-9._-]{2,64}",
                message = "must be 2 to 64 characters of a-z, 0-9, '.', '_' or '-'")
        String username,
        @Size(max = 200, message = "must be at most 200 characters") String displayName,
        @NotNull(message = "is required (VIEWER, OPERATOR or ADMIN)") Role role,
        @NotNull(message = "is required") String password) {

    @Override
    public String toString() { // never the password
        return "CreateOperatorRequest[" + username + ", " + role + "]";
    }
}
