package org.hanedge.fleet.audit;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** The audit log, for operators and admins (SecurityConfig): it names who did what. */
@RestController
@RequestMapping("/api/v1/audit")
public class AuditController {
    public static final int MAX_PAGE_SIZE = 500;

    private final AuditLog log;

    public AuditController(AuditLog log) {
        this.log = log;
    }

    @Operation(summary = "Audit entries, newest first (operators)")
    @GetMapping
    public PageDto<AuditEntryDto> list(
            @Parameter(description = "the target gateway") @RequestParam(required = false) String gateway,
            @Parameter(description = "who: an operator, token:<name>, gateway:<id>, server")
            @RequestParam(required = false) String actor,
            @Parameter(description = "e.g. CONFIG_CHANGED, CONFIG_PUBLISHED, CONFIG_REPORTED, ALARM_ACKNOWLEDGED")
            @RequestParam(required = false) String action,
            @Parameter(description = "at or after, ISO-8601 instant") @RequestParam(required = false) String from,
            @Parameter(description = "before, ISO-8601 instant") @RequestParam(required = false) String to,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        Instant f = QueryParameters.instant("from", from, null);
        Instant t = QueryParameters.instant("to", to, null);
        if (f != null && t != null && !f.isBefore(t)) {
            throw new BadRequestException("from", "must be before to");
        }
        AuditFilter filter = new AuditFilter(blankToNull(gateway), blankToNull(actor), action(action), f, t);
        int p = QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE);
        int s = QueryParameters.intParam("size", size, 50, 1, MAX_PAGE_SIZE);
        return new PageDto<>(log.list(filter, (long) p * s, s), p, s, log.count(filter));
    }

    private static AuditAction action(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return AuditAction.valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("action", "'" + value + "' is not one of "
                    + Arrays.toString(AuditAction.values()));
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
