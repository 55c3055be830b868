package org.hanedge.fleet.backup;

import java.nio.file.Path;

import org.hanedge.fleet.api.NotFoundException;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

/** Online backups (ADMIN only, like everything under {@code /api/v1/admin}). */
@RestController
@RequestMapping("/api/v1/admin/backups")
public class BackupController {
    private final BackupService backups;

    public BackupController(BackupService backups) {
        this.backups = backups;
    }

    @PostMapping
    @Operation(summary = "start a backup; answers 202 and the job, poll it for progress; 409 if one is running")
    public ResponseEntity<BackupDto> start() {
        BackupDto job = backups.start();
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .header(HttpHeaders.LOCATION, "/api/v1/admin/backups/" + job.id()).body(job);
    }

    @GetMapping("/{id}")
    @Operation(summary = "a backup job: state, phase, bytes written, the file")
    public BackupDto get(@PathVariable String id) {
        return backups.find(id).orElseThrow(() -> new NotFoundException("backup", id));
    }

    @GetMapping("/{id}/file")
    @Operation(summary = "download a finished backup")
    public ResponseEntity<FileSystemResource> file(@PathVariable String id) {
        Path file = backups.file(id).orElseThrow(() -> new NotFoundException("finished backup", id));
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + file.getFileName() + "\"")
                .body(new FileSystemResource(file));
    }
}
