package org.hanedge.fleet.command;

import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.telemetry.query.QueryParameters;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;

/** Commands to a gateway: send one and wait for its answer (operators), the command log (viewers). */
@RestController
@RequestMapping("/api/v1/gateways/{id}/commands")
public class CommandController {
    static final int MAX_PAGE_SIZE = 500;

    private final CommandService service;
    private final CommandLog log;
    private final GatewayRegistry registry;

    public CommandController(CommandService service, CommandLog log, GatewayRegistry registry) {
        this.service = service;
        this.log = log;
        this.registry = registry;
    }

    @Operation(summary = "Set an output of a gateway's device and wait for the gateway's answer (operators)",
            description = "Checks the command against the devices the gateway announced and their profiles, sends "
                    + "cmd/write with a new command id and waits up to hanedge.fleet.commands.timeout (10 s) for "
                    + "the answer. The gateway's driver checks the profile's interlocks. Every command sent is "
                    + "recorded in the command log.")
    @ApiResponse(responseCode = "200", description = "the gateway answered: status DONE, REFUSED_INTERLOCK (with "
            + "answerReason), UNKNOWN_DEVICE, UNKNOWN_CHANNEL, NOT_WRITABLE, FAILED, BAD_REQUEST")
    @ApiResponse(responseCode = "504", description = "status TIMED_OUT: no answer in time; the command may still "
            + "run later, and a late answer is recorded in the command log")
    @ApiResponse(responseCode = "502", description = "status NOT_DELIVERED: the command did not reach the gateway")
    @ApiResponse(responseCode = "404", description = "unknown gateway")
    @ApiResponse(responseCode = "409", description = "the gateway is offline; nothing sent")
    @ApiResponse(responseCode = "422", description = "unknown device or channel, a channel that is not a writable "
            + "output, or a value of the wrong type; the problem body names the field")
    @PostMapping
    public ResponseEntity<CommandDto> send(@PathVariable String id, @Valid @RequestBody CommandRequest request,
            Authentication caller) {
        CommandService.Outcome o = service.send(id, request, caller.getName());
        return ResponseEntity.status(o.httpStatus()).body(o.command());
    }

    @Operation(summary = "The commands sent to a gateway, newest first")
    @GetMapping
    public PageDto<CommandDto> list(@PathVariable String id,
            @Parameter(description = "zero-based, default 0") @RequestParam(required = false) String page,
            @Parameter(description = "1..500, default 50") @RequestParam(required = false) String size) {
        registry.get(id);
        return log.list(id, QueryParameters.intParam("page", page, 0, 0, Integer.MAX_VALUE),
                QueryParameters.intParam("size", size, 50, 1, MAX_PAGE_SIZE));
    }
}
