package org.hanedge.fleet.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;

import org.hanedge.fleet.FleetServerTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Accounts, tokens and URL rules against the running server (no demo mode: the admin is bootstrapped). */
@ExtendWith(OutputCaptureExtension.class)
class SecurityFullStackTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;

    record Answer(int status, String contentType, List<String> challenges, String body, JsonNode json) {
    }

    @Test
    void withoutOrWithWrongCredentialsThe401IsAProblemBody() throws Exception {
        Answer none = call("GET", "/api/v1/me", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.contentType()).startsWith("application/problem+json");
        assertThat(none.json().path("status").asInt()).isEqualTo(401);
        assertThat(none.challenges()).anyMatch(c -> c.startsWith("Basic")).anyMatch(c -> c.startsWith("Bearer"));

        Answer wrong = call("GET", "/api/v1/me", basic("admin", "not-the-password"), null);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.json().path("detail").asText()).isEqualTo("authentication failed: Bad credentials");
    }

    @Test
    void theInitialAdminLogsInWithThePasswordFromItsPrivateFile() throws Exception {
        Path file = DATA_DIR.resolve("secrets/initial-admin-password");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        Answer me = call("GET", "/api/v1/me", admin(), null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("username").asText()).isEqualTo("admin");
        assertThat(me.json().path("role").asText()).isEqualTo("ADMIN");
        assertThat(me.json().path("kind").asText()).isEqualTo("OPERATOR");
    }

    @Test
    void adminCreatesAViewerAndAnOperatorWhoGetTheirRolesOnly(CapturedOutput output) throws Exception {
        String viewerPassword = "viewer-pass-" + System.nanoTime();
        String operatorPassword = "operator-pass-" + System.nanoTime();
        Answer created = call("POST", "/api/v1/admin/operators", admin(), """
                {"username":"sec-viewer","displayName":"Nguyễn Văn Ánh","role":"VIEWER","password":"%s"}"""
                .formatted(viewerPassword));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().path("displayName").asText()).isEqualTo("Nguyễn Văn Ánh");
        assertThat(created.body()).doesNotContain(viewerPassword).doesNotContain("bcrypt");
        assertThat(call("POST", "/api/v1/admin/operators", admin(), """
                {"username":"sec-operator","role":"OPERATOR","password":"%s"}""".formatted(operatorPassword))
                .status()).isEqualTo(201);

        Answer fetched = call("GET", "/api/v1/admin/operators/sec-viewer", admin(), null);
        assertThat(fetched.json().path("displayName").asText()).isEqualTo("Nguyễn Văn Ánh");
        assertThat(call("GET", "/api/v1/admin/operators?size=500", admin(), null).json().path("items")
                .findValuesAsText("username")).contains("admin", "sec-viewer", "sec-operator");

        String viewer = basic("sec-viewer", viewerPassword);
        Answer me = call("GET", "/api/v1/me", viewer, null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("role").asText()).isEqualTo("VIEWER");
        Answer adminList = call("GET", "/api/v1/admin/operators", viewer, null);
        assertThat(adminList.status()).isEqualTo(403);
        assertThat(adminList.contentType()).startsWith("application/problem+json");
        assertThat(call("POST", "/api/v1/alarms/1/acknowledge", viewer, "{}").status()).isEqualTo(403);

        String operator = basic("sec-operator", operatorPassword);
        assertThat(call("POST", "/api/v1/alarms/1/acknowledge", operator, "{}").status()).isNotIn(401, 403);
        assertThat(call("GET", "/api/v1/admin/tokens", operator, null).status()).isEqualTo(403);

        // disabling takes effect at once
        assertThat(call("PATCH", "/api/v1/admin/operators/sec-operator", admin(), "{\"enabled\":false}").status())
                .isEqualTo(200);
        assertThat(call("GET", "/api/v1/me", operator, null).status()).isEqualTo(401);

        assertThat(output.getAll()).doesNotContain(viewerPassword).doesNotContain(operatorPassword)
                .doesNotContain(adminPassword());
    }

    @Test
    void aTokenAuthenticatesAsItsRoleUntilRevokedOrExpired(CapturedOutput output) throws Exception {
        Answer created = call("POST", "/api/v1/admin/tokens", admin(),
                "{\"name\":\"sec-scraper\",\"role\":\"VIEWER\",\"expiresInDays\":30}");
        assertThat(created.status()).isEqualTo(201);
        String token = created.json().path("token").asText();
        long id = created.json().path("id").asLong();
        assertThat(token).matches("hanedge_[A-Za-z0-9_-]{43}");

        Answer me = call("GET", "/api/v1/me", bearer(token), null);
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("username").asText()).isEqualTo("token:sec-scraper");
        assertThat(me.json().path("role").asText()).isEqualTo("VIEWER");
        assertThat(me.json().path("kind").asText()).isEqualTo("TOKEN");
        assertThat(call("GET", "/api/v1/admin/tokens", bearer(token), null).status()).isEqualTo(403);

        Answer list = call("GET", "/api/v1/admin/tokens?size=500", admin(), null);
        String hash = ApiTokenService.hash(token);
        assertThat(list.body()).contains("sec-scraper").doesNotContain(token).doesNotContain(hash);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM api_token WHERE token_hash = :h").param("h", hash)
                .query(Long.class).single()).isEqualTo(1);

        // the scraper reads Prometheus metrics with its token
        assertThat(call("GET", "/actuator/prometheus", null, null).status()).isEqualTo(401);
        Answer metrics = call("GET", "/actuator/prometheus", bearer(token), null);
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");

        assertThat(call("DELETE", "/api/v1/admin/tokens/" + id, admin(), null).status()).isEqualTo(204);
        Answer revoked = call("GET", "/api/v1/me", bearer(token), null);
        assertThat(revoked.status()).isEqualTo(401);
        assertThat(revoked.challenges()).anyMatch(c -> c.contains("invalid_token"));
        assertThat(revoked.json().path("detail").asText()).contains("revoked");
        assertThat(call("DELETE", "/api/v1/admin/tokens/999999", admin(), null).status()).isEqualTo(404);

        Answer other = call("POST", "/api/v1/admin/tokens", admin(), "{\"name\":\"sec-expiring\",\"role\":\"ADMIN\"}");
        String otherToken = other.json().path("token").asText();
        assertThat(call("GET", "/api/v1/admin/operators", bearer(otherToken), null).status()).isEqualTo(200);
        jdbc.sql("UPDATE api_token SET expires_at = :t WHERE id = :id")
                .param("t", System.currentTimeMillis() - 1000).param("id", other.json().path("id").asLong()).update();
        Answer expired = call("GET", "/api/v1/me", bearer(otherToken), null);
        assertThat(expired.status()).isEqualTo(401);
        assertThat(expired.json().path("detail").asText()).contains("expired");

        assertThat(output.getAll()).doesNotContain(token).doesNotContain(otherToken).doesNotContain(hash);
    }

    @Test
    void healthAndApiDocsArePublic() throws Exception {
        Answer health = call("GET", "/actuator/health", null, null);
        assertThat(health.status()).isEqualTo(200);
        assertThat(health.json().path("status").asText()).isEqualTo("UP");
        Answer docs = call("GET", "/v3/api-docs", null, null);
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.json().path("components").path("securitySchemes").path("apiToken").path("scheme").asText())
                .isEqualTo("bearer");
        assertThat(docs.json().path("paths").has("/api/v1/admin/tokens")).isTrue();
        assertThat(call("GET", "/somewhere-else", null, null).status()).isEqualTo(401);
        assertThat(call("GET", "/somewhere-else", admin(), null).status()).isEqualTo(403);
    }

    @Test
    void invalidRequestsNameTheField() throws Exception {
        Answer invalid = call("POST", "/api/v1/admin/operators", admin(),
                "{\"username\":\"Bad Name!\",\"password\":\"long-enough-password\"}");
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.contentType()).startsWith("application/problem+json");
        assertThat(invalid.json().path("errors").findValuesAsText("field")).containsExactlyInAnyOrder("username",
                "role");
        assertThat(invalid.json().path("detail").asText()).contains("username: must be 2 to 64 characters");

        Answer shortPassword = call("POST", "/api/v1/admin/operators", admin(),
                "{\"username\":\"sec-short\",\"role\":\"VIEWER\",\"password\":\"short\"}");
        assertThat(shortPassword.status()).isEqualTo(400);
        assertThat(shortPassword.json().path("detail").asText())
                .isEqualTo("password: must be at least 12 characters");

        Answer badRole = call("POST", "/api/v1/admin/tokens", admin(), "{\"name\":\"x\",\"role\":\"BOSS\"}");
        assertThat(badRole.json().path("detail").asText())
                .isEqualTo("role: 'BOSS' is not a valid Role; expected one of [VIEWER, OPERATOR, ADMIN]");

        Answer badSize = call("GET", "/api/v1/admin/operators?size=lots", admin(), null);
        assertThat(badSize.status()).isEqualTo(400);
        assertThat(badSize.json().path("detail").asText()).startsWith("size: 'lots' is not a valid int");

        Answer duplicate = call("POST", "/api/v1/admin/operators", admin(),
                "{\"username\":\"admin\",\"role\":\"VIEWER\",\"password\":\"long-enough-password\"}");
        assertThat(duplicate.status()).isEqualTo(409);
        assertThat(duplicate.json().path("detail").asText()).isEqualTo("operator 'admin' already exists");
        assertThat(call("GET", "/api/v1/admin/operators/nobody-here", admin(), null).json().path("detail").asText())
                .isEqualTo("operator 'nobody-here' does not exist");
    }

    @Test
    void theLastAdminCannotBeDeletedDemotedOrDisabled() throws Exception {
        assertThat(call("POST", "/api/v1/admin/operators", admin(),
                "{\"username\":\"sec-admin2\",\"role\":\"ADMIN\",\"password\":\"second-admin-password\"}").status())
                .isEqualTo(201);
        assertThat(call("DELETE", "/api/v1/admin/operators/sec-admin2", admin(), null).status()).isEqualTo(204);
        assertThat(jdbc.sql("SELECT username FROM operator WHERE role = 'ADMIN' AND enabled = TRUE")
                .query(String.class).list()).containsExactly("admin");

        Answer delete = call("DELETE", "/api/v1/admin/operators/admin", admin(), null);
        assertThat(delete.status()).isEqualTo(409);
        assertThat(delete.json().path("detail").asText()).contains("last enabled admin");
        assertThat(call("PATCH", "/api/v1/admin/operators/admin", admin(), "{\"role\":\"VIEWER\"}").status())
                .isEqualTo(409);
        assertThat(call("PATCH", "/api/v1/admin/operators/admin", admin(), "{\"enabled\":false}").status())
                .isEqualTo(409);
        assertThat(call("GET", "/api/v1/me", admin(), null).status()).isEqualTo(200);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private Answer call(String method, String path, String authorization, String body) throws Exception {
        HttpRequest.Builder req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            req.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            req.header("Authorization", authorization);
        }
        HttpResponse<String> res = HTTP.send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        String type = res.headers().firstValue("Content-Type").orElse("");
        JsonNode node = type.contains("json") && !res.body().isEmpty() ? json.readTree(res.body()) : null;
        return new Answer(res.statusCode(), type, res.headers().allValues("WWW-Authenticate"), res.body(), node);
    }

    private static String admin() throws IOException {
        return basic("admin", adminPassword());
    }

    private static String adminPassword() throws IOException {
        return Files.readString(DATA_DIR.resolve("secrets/initial-admin-password")).trim();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }
}
