package org.hanedge.fleet.security;

import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/v1/me}: who the caller is. */
@RestController
public class MeController {

    @GetMapping("/api/v1/me")
    public MeDto me(Authentication caller) {
        PrincipalKind kind = caller instanceof ApiTokenAuthentication ? PrincipalKind.TOKEN : PrincipalKind.OPERATOR;
        return new MeDto(caller.getName(), Role.highest(caller.getAuthorities()).orElse(null), kind);
    }
}
