package org.hanedge.fleet.profile;

import java.security.Principal;
import java.util.List;

import org.hanedge.fleet.api.BadRequestException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;

/** The profile library's REST edge (docs/fleet-api.md, "Device profiles"). */
@RestController
public class ProfileController {
    /** The YAML media type (RFC 9512). */
    static final String YAML = "application/yaml";

    private final ProfileLibrary library;

    public ProfileController(ProfileLibrary library) {
        this.library = library;
    }

    @Operation(summary = "Every profile of the library with its versions (newest first) and, per version, the "
            + "gateways whose latest birth message announces it")
    @GetMapping("/api/v1/profiles")
    public List<ProfileDto> list() {
        return library.list();
    }

    @Operation(summary = "The YAML of one profile version, exactly as uploaded")
    @GetMapping(value = "/api/v1/profiles/{id}/versions/{version}", produces = {YAML, MediaType.TEXT_PLAIN_VALUE})
    public ResponseEntity<String> yaml(@PathVariable String id, @PathVariable String version) {
        StoredProfileVersion v = library.get(id, version);
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(YAML + ";charset=UTF-8"))
                .header("X-Profile-Sha256", v.sha256()).body(v.yaml());
    }

    @Operation(summary = "Upload a profile version (operators): the body is the profile's YAML, read with the "
            + "gateway's own profile parser",
            responses = {
                    @ApiResponse(responseCode = "201", description = "stored as a new version"),
                    @ApiResponse(responseCode = "200", description = "this version with the same text was there"),
                    @ApiResponse(responseCode = "409", description = "this version exists with other content "
                            + "(versions are immutable)"),
                    @ApiResponse(responseCode = "422", description = "refused by the parser: errors by field, each "
                            + "message starting with its line and column") })
    @PostMapping(value = "/api/v1/profiles", consumes = {YAML, "application/x-yaml", "text/yaml",
            MediaType.TEXT_PLAIN_VALUE})
    public ResponseEntity<UploadResult> upload(@RequestBody(required = false) String yaml,
            @RequestParam(required = false) String note, Principal principal) {
        if (principal == null) {
            throw new BadRequestException("user", "an upload needs an authenticated user");
        }
        UploadResult r = library.upload(yaml, note, principal.getName());
        return ResponseEntity.status(r.created() ? 201 : 200).body(r);
    }
}
