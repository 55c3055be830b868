package org.hanedge.fleet.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.alarm.AlarmRecorder;
import org.hanedge.fleet.security.CreateOperatorRequest;
import org.hanedge.fleet.security.OperatorService;
import org.hanedge.fleet.security.Role;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The audit log over HTTP on the real server: an alarm acknowledgement recorded, filters, who may read it. */
class AuditApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "audit-test-password";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OperatorService operators;
    @Autowired
    AlarmRecorder alarms;

    record Answer(int status, JsonNode json) {
    }

    @BeforeEach
    void accounts() {
        for (Role role : List.of(Role.VIEWER, Role.OPERATOR)) {
            String name = "audit-" + role.name().toLowerCase();
            if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(name).query(Long.class)
                    .single() == 0) {
                operators.create(new CreateOperatorRequest(name, null, role, PASSWORD));
            }
        }
    }

    private Answer call(String method, String path, String user, String body) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(a.statusCode(), a.body().isEmpty() ? null : json.readTree(a.body()));
    }

    @Test
    void anAcknowledgementIsAuditedOnceWithItsOperatorAndOnlyOperatorsReadTheLog() throws Exception {
        String gw = "AUDIT-GW-1";
        long id = alarms.raise(gw, "plc", "wet_well_level", "audit:high", "WARNING", "high", 3.6, 3.5,
                System.currentTimeMillis(), 1L).id();
        assertThat(call("POST", "/api/v1/alarms/" + id + "/acknowledge", "audit-operator",
                "{\"comment\":\"crew sent\"}").status()).isEqualTo(200);
        // the second acknowledgement changes nothing, so it is not audited
        assertThat(call("POST", "/api/v1/alarms/" + id + "/acknowledge", "audit-operator", null).status())
                .isEqualTo(200);

        Answer page = call("GET", "/api/v1/audit?gateway=" + gw + "&action=alarm_acknowledged", "audit-operator", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.json().path("total").asLong()).isEqualTo(1);
        JsonNode entry = page.json().path("items").get(0);
        assertThat(entry.path("actor").asText()).isEqualTo("audit-operator");
        assertThat(entry.path("action").asText()).isEqualTo("ALARM_ACKNOWLEDGED");
        assertThat(entry.path("outcome").asText()).isEqualTo("ACKNOWLEDGED");
        assertThat(entry.path("gateway").asText()).isEqualTo(gw);
        assertThat(entry.path("details").path("alarm").asLong()).isEqualTo(id);
        assertThat(entry.path("details").path("comment").asText()).isEqualTo("crew sent");
        assertThat(call("GET", "/api/v1/audit?actor=audit-operator&gateway=" + gw, "audit-operator", null).json()
                .path("total").asLong()).isEqualTo(1);
        assertThat(call("GET", "/api/v1/audit?actor=somebody-else&gateway=" + gw, "audit-operator", null).json()
                .path("total").asLong()).isZero();

        assertThat(call("GET", "/api/v1/audit", "audit-viewer", null).status()).isEqualTo(403);
        Answer bad = call("GET", "/api/v1/audit?action=DELETED_EVERYTHING", "audit-operator", null);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("errors").get(0).path("field").asText()).isEqualTo("action");
        assertThat(call("GET", "/api/v1/audit?from=2026-12-08T00:00:00Z&to=2026-12-07T00:00:00Z", "audit-operator",
                null).status()).isEqualTo(400);
    }
}
