package org.hanedge.fleet.security;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hanedge.fleet.api.PageDto;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** API tokens (ADMIN only, by the URL rules in {@link SecurityConfig}). */
@RestController
@RequestMapping("/api/v1/admin/tokens")
public class AdminTokenController {
    private final ApiTokenService tokens;

    public AdminTokenController(ApiTokenService tokens) {
        this.tokens = tokens;
    }

    @GetMapping
    public PageDto<TokenDto> list(
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must be 0 or more") int page,
            @RequestParam(defaultValue = "50") @Min(value = 1, message = "must be at least 1")
            @Max(value = 500, message = "must be at most 500") int size) {
        return tokens.list(page, size);
    }

    /** Creates a token: 201 with the token, shown this once. */
    @PostMapping
    public ResponseEntity<CreatedTokenDto> create(@Valid @RequestBody CreateTokenRequest req, Authentication caller) {
        CreatedTokenDto created = tokens.create(req, caller.getName());
        return ResponseEntity.created(URI.create("/api/v1/admin/tokens/" + created.id())).body(created);
    }

    /** Revokes a token: it is refused from now on. */
    @DeleteMapping("/{id}")
    public ResponseEntity<Void> revoke(@PathVariable long id) {
        tokens.revoke(id);
        return ResponseEntity.noContent().build();
    }
}
