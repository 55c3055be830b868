package org.hanedge.fleet.alarm;

import java.security.Principal;
import java.util.List;

import org.hanedge.fleet.api.BadRequestException;
import org.hanedge.fleet.api.PageDto;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;

/** Alarms: list, one, its history, acknowledge. */
@RestController
@RequestMapping("/api/v1/alarms")
public class AlarmController {
    private final AlarmService service;

    public AlarmController(AlarmService service) {
        this.service = service;
    }

    @Operation(summary = "Alarms, newest raised first")
    @GetMapping
    public PageDto<AlarmDto> list(
            @Parameter(description = "RAISED, CLEARED or ALL (default)") @RequestParam(required = false) String state,
            @Parameter(description = "true or false") @RequestParam(required = false) String acknowledged,
            @RequestParam(required = false) String gateway,
            @RequestParam(required = false) String severity,
            @Parameter(description = "raised at or after, ISO-8601 instant") @RequestParam(required = false) String from,
            @Parameter(description = "raised before, ISO-8601 instant") @RequestParam(required = false) String to,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        return service.list(state, acknowledged, gateway, severity, from, to, page, size);
    }

    @GetMapping("/{id}")
    public AlarmDto get(@PathVariable String id) {
        return service.get(id(id));
    }

    @Operation(summary = "An alarm's transitions, oldest first: RAISED, ACKNOWLEDGED (user, comment), CLEARED")
    @GetMapping("/{id}/history")
    public List<AlarmHistoryDto> history(@PathVariable String id) {
        return service.history(id(id));
    }

    @Operation(summary = "Acknowledge an alarm (idempotent: the first acknowledgement is kept)")
    @PostMapping("/{id}/acknowledge")
    public AlarmDto acknowledge(@PathVariable String id, @RequestBody(required = false) AcknowledgeRequest body,
            Principal principal) {
        if (principal == null) {
            throw new BadRequestException("user", "an acknowledgement needs an authenticated user");
        }
        return service.acknowledge(id(id), principal.getName(), body == null ? null : body.comment());
    }

    private static long id(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException e) {
            throw new BadRequestException("id", "'" + id + "' is not an alarm id (a whole number)");
        }
    }
}
