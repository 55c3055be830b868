package org.hanedge.fleet.security;

import java.net.URI;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

import org.hanedge.fleet.api.PageDto;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Operator accounts (ADMIN only, by the URL rules in {@link SecurityConfig}). */
@RestController
@RequestMapping("/api/v1/admin/operators")
public class AdminOperatorController {
    private final OperatorService operators;

    public AdminOperatorController(OperatorService operators) {
        this.operators = operators;
    }

    @GetMapping
    public PageDto<OperatorDto> list(
            @RequestParam(defaultValue = "0") @Min(value = 0, message = "must be 0 or more") int page,
            @RequestParam(defaultValue = "50") @Min(value = 1, message = "must be at least 1")
            @Max(value = 500, message = "must be at most 500") int size) {
        return operators.list(page, size);
    }

    @GetMapping("/{username}")
    public OperatorDto get(@PathVariable String username) {
        return operators.get(username);
    }

    @PostMapping
    public ResponseEntity<OperatorDto> create(@Valid @RequestBody CreateOperatorRequest req) {
        OperatorDto created = operators.create(req);
        return ResponseEntity.created(URI.create("/api/v1/admin/operators/" + created.username())).body(created);
    }

    @PatchMapping("/{username}")
    public OperatorDto update(@PathVariable String username, @Valid @RequestBody UpdateOperatorRequest req) {
        return operators.update(username, req);
    }

    @DeleteMapping("/{username}")
    public ResponseEntity<Void> delete(@PathVariable String username) {
        operators.delete(username);
        return ResponseEntity.noContent().build();
    }
}
