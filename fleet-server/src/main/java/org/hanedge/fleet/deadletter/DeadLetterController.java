package org.hanedge.fleet.deadletter;

import java.time.Instant;
import java.util.Map;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/**
 * Dead letters: list and show (viewers), the payload and replays (operators; see SecurityConfig).
 */
@RestController
@RequestMapping("/api/v1/dead-letters")
public class DeadLetterController {
    private final DeadLetterService service;

    public DeadLetterController(DeadLetterService service) {
        this.service = service;
    }

    @Operation(summary = "Dead letters, newest first")
    @GetMapping
    public PageDto<DeadLetterDto> list(
            @RequestParam(required = false) String gateway,
            @Parameter(description = "e.g. UNKNOWN_DEVICE (see /api/v1/dead-letters/reasons)")
            @RequestParam(required = false) String reason,
            @Parameter(description = "received at or after, ISO-8601 instant") @RequestParam(required = false) String from,
            @Parameter(description = "received before, ISO-8601 instant") @RequestParam(required = false) String to,
            @Parameter(description = "true: a replay stored it; false: never replayed or still refused")
            @RequestParam(required = false) String resolved,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        return service.list(filter(gateway, reason, from, to, resolved),
                QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE),
                QueryParameters.intParam("size", size, 50, 1, DeadLetterService.MAX_PAGE_SIZE));
    }

    @Operation(summary = "Every dead-letter reason and what it means")
    @GetMapping("/reasons")
    public Map<String, String> reasons() {
        return Reasons.ordered();
    }

    @GetMapping("/{id}")
    public DeadLetterDto get(@PathVariable String id) {
        return service.get(id(id));
    }

    @Operation(summary = "What the dead letter kept of the message (operators)")
    @GetMapping("/{id}/payload")
    public PayloadDto payload(@PathVariable String id) {
        return service.payload(id(id));
    }

    @Operation(summary = "Replay one dead letter through the ingest path (operators); 409 if already stored")
    @PostMapping("/{id}/replay")
    public ReplayDto replay(@PathVariable String id) {
        return service.replay(id(id));
    }

    @Operation(summary = "Replay the unresolved dead letters matching the filter, oldest first (operators)")
    @PostMapping("/replay")
    public BulkReplayDto replayMatching(
            @RequestParam(required = false) String gateway,
            @RequestParam(required = false) String reason,
            @RequestParam(required = false) String from,
            @RequestParam(required = false) String to,
            @Parameter(description = "at most this many, 1..10000, default 1000 (capped by "
                    + "hanedge.fleet.dead-letters.max-replay)") @RequestParam(required = false) String limit) {
        return service.replayMatching(filter(gateway, reason, from, to, "false"),
                QueryParameters.intParam("limit", limit, 1000, 1, 10_000));
    }

    private static DeadLetterFilter filter(String gateway, String reason, String from, String to, String resolved) {
        Instant f = QueryParameters.instant("from", from, null);
        Instant t = QueryParameters.instant("to", to, null);
        if (f != null && t != null && !f.isBefore(t)) {
            throw new BadRequestException("from", "must be before to");
        }
        return new DeadLetterFilter(gateway == null || gateway.isBlank() ? null : gateway.trim(),
                DeadLetterService.reason(reason), f, t, bool(resolved));
    }

    private static Boolean bool(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return switch (value.trim().toLowerCase(java.util.Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new BadRequestException("resolved", "must be true or false, not '" + value + "'");
        };
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequestException("id", "'" + id + "' is not a dead letter id (a whole number)");
        }
    }
}
