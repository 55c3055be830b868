package org.hanedge.fleet.backup;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * {@code backup}: asks a running server for a backup through {@code POST /api/v1/admin/backups}, prints its progress
 * every second until it is done, and optionally downloads it ({@code --out}, 0600).
 */
final class BackupClient {
    private final URI server;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final PrintStream out;

    BackupClient(URI server, String user, char[] password, PrintStream out) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + new String(password))
                .getBytes(StandardCharsets.UTF_8));
        this.out = out;
    }

    /** @return the finished job */
    JsonNode backup(Path download, Duration pollEvery) throws IOException, InterruptedException {
        JsonNode job = call(HttpRequest.newBuilder(server.resolve("/api/v1/admin/backups"))
                .POST(HttpRequest.BodyPublishers.noBody()), 202);
        String id = job.path("id").asText();
        out.println("backup " + id + ": started (" + job.path("database").asText() + "), writing "
                + job.path("file").asText() + " on the server");
        while ("RUNNING".equals(job.path("state").asText())) {
            Thread.sleep(pollEvery.toMillis());
            job = call(HttpRequest.newBuilder(server.resolve("/api/v1/admin/backups/" + id)).GET(), 200);
            out.println("backup " + id + ": " + job.path("phase").asText() + ", " + mib(job.path("bytes").asLong())
                    + " written");
        }
        if (!"DONE".equals(job.path("state").asText())) {
            throw new BackupException("backup " + id + " failed on the server: " + job.path("error").asText());
        }
        out.println("backup " + id + ": done, " + job.path("file").asText() + " (" + mib(job.path("bytes").asLong())
                + ") on the server");
        if (download != null) {
            fetch(id, download);
        }
        return job;
    }

    private void fetch(String id, Path target) throws IOException, InterruptedException {
        Path tmp = target.toAbsolutePath().resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(tmp);
        Files.createFile(tmp);
        BackupFiles.restrict(tmp, "rw-------");
        HttpResponse<Path> res = http.send(request(HttpRequest.newBuilder(
                server.resolve("/api/v1/admin/backups/" + id + "/file")).GET()),
                HttpResponse.BodyHandlers.ofFile(tmp));
        if (res.statusCode() != 200) {
            Files.deleteIfExists(tmp);
            throw new BackupException("downloading backup " + id + " failed: HTTP " + res.statusCode());
        }
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        out.println("backup " + id + ": downloaded to " + target + " (" + mib(Files.size(target)) + ", 0600)");
    }

    private JsonNode call(HttpRequest.Builder builder, int expected) throws IOException, InterruptedException {
        HttpResponse<String> res;
        try {
            res = http.send(request(builder), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.net.ConnectException e) {
            throw new BackupException("the fleet server at " + server + " does not answer (is it running?)");
        }
        if (res.statusCode() != expected) {
            String detail = res.body();
            try {
                detail = json.readTree(res.body()).path("detail").asText(res.body());
            } catch (IOException e) {
                // not a problem body: show it as it is
            }
            throw new BackupException("the fleet server answered HTTP " + res.statusCode() + ": " + detail);
        }
        return json.readTree(res.body());
    }

    private HttpRequest request(HttpRequest.Builder b) {
        return b.header("Authorization", authorization).timeout(Duration.ofMinutes(5)).build();
    }

    static String mib(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
