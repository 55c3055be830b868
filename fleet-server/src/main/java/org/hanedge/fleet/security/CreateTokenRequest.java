package org.hanedge.fleet.security;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;

/**
 * A new API token.
 *
 * @param name          what uses it, e.g. {@code city-backend}; the caller is then named {@code token:<name>}
 * @param role          what it may do
 * @param expiresInDays days until it expires; absent = never
 */
public record CreateTokenRequest(
        @NotNull(message = "is required")
        @Pattern(regexp = "[A-Za-z0-9._-]{1,50}", message = "must be 1 to 50 characters of A-Z, a-z, 0-9, '.', '_' or '-'")
        String name,
        @NotNull(message = "is required (VIEWER, OPERATOR or ADMIN)") Role role,
        @Min(value = 1, message = "must be at least 1")
        @Max(value = 3650, message = "must be at most 3650 (ten years)") Integer expiresInDays) {
}
