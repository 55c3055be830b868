package org.hanedge.fleet.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.ingest.senml.RecordChecker;
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

/**
 * The profile library on the whole server (real H2 file database, HTTP, the real security rules): the checkout's
 * profiles imported at start, uploads parsed with the gateway's parser (201, 200 idempotent, 409 immutable, 422 with
 * lines), who runs which version, the catalog knowing uploaded versions, the audit trail. Uploads use profile ids of
 * their own (the server is shared with other tests, whose lake profile must stay as it is).
 */
class ProfileLibraryApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String PASSWORD = "profile-library-test-password";
    private static final String OPERATOR = "pl-operator";
    private static final String VIEWER = "pl-viewer";

    @LocalServerPort
    int port;
    @Autowired
    ObjectMapper json;
    @Autowired
    JdbcClient jdbc;
    @Autowired
    OperatorService operators;
    @Autowired
    ProfileCatalog catalog;
    @Autowired
    RecordChecker checker;

    record Answer(int status, String contentType, String body) {
        JsonNode json(ObjectMapper m) throws Exception {
            return m.readTree(body);
        }
    }

    @BeforeEach
    void accounts() {
        for (String name : List.of(OPERATOR, VIEWER)) {
            if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(name).query(Long.class)
                    .single() == 0) {
                operators.create(new CreateOperatorRequest(name, null, name.equals(OPERATOR) ? Role.OPERATOR
                        : Role.VIEWER, PASSWORD));
            }
        }
    }

    private Answer call(String method, String path, String user, String body, String contentType) throws Exception {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            r.header("Content-Type", contentType);
        }
        if (user != null) {
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + PASSWORD)
                    .getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> a = HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(a.statusCode(), a.headers().firstValue("Content-Type").orElse(""), a.body());
    }

    private Answer upload(String user, String yaml, String note) throws Exception {
        String q = note == null ? "" : "?note=" + URLEncoder.encode(note, StandardCharsets.UTF_8);
        return call("POST", "/api/v1/profiles" + q, user, yaml, "application/yaml");
    }

    /** The checkout's lake profile renamed to {@code id} with {@code version}; {@code extra} replaces the scale. */
    private static String lakeAs(String id, String version) throws Exception {
        String lake = Files.readString(projectPath("device-profiles/lake.yaml"), StandardCharsets.UTF_8);
        return lake.replaceFirst("(?m)^profile: lake$", "profile: " + id)
                .replaceFirst("(?m)^version: 1\\.1\\.0$", "version: " + version);
    }

    private JsonNode profile(String id) throws Exception {
        Answer a = call("GET", "/api/v1/profiles", VIEWER, null, null);
        assertThat(a.status()).isEqualTo(200);
        for (JsonNode p : a.json(json)) {
            if (p.get("id").asText().equals(id)) {
                return p;
            }
        }
        return null;
    }

    private List<String> audit(String outcome) throws Exception {
        JsonNode page = call("GET", "/api/v1/audit?action=PROFILE_UPLOADED&actor=" + OPERATOR + "&size=500",
                OPERATOR, null, null).json(json);
        List<String> out = new ArrayList<>();
        page.get("items").forEach(e -> {
            if (outcome == null || e.get("outcome").asText().equals(outcome)) {
                out.add(e.get("outcome").asText() + " " + e.get("details").path("profile").asText() + " "
                        + e.get("details").path("version").asText());
            }
        });
        return out;
    }

    @Test
    void theCheckoutsProfilesAreInTheLibraryAtStart() throws Exception {
        JsonNode lake = profile("lake");
        assertThat(lake).isNotNull();
        assertThat(lake.get("latest").asText()).isEqualTo("1.1.0");
        JsonNode v = lake.get("versions").get(0);
        assertThat(v.get("uploader").asText()).isEqualTo("server");
        String text = Files.readString(projectPath("device-profiles/lake.yaml"), StandardCharsets.UTF_8);
        assertThat(v.get("sha256").asText()).isEqualTo(ProfileText.sha256(text));
        Answer yaml = call("GET", "/api/v1/profiles/lake/versions/1.1.0", VIEWER, null, null);
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.contentType()).startsWith("application/yaml");
        assertThat(yaml.body()).isEqualTo(text);
        assertThat(call("GET", "/api/v1/profiles/lake/versions/9.9.9", VIEWER, null, null).status()).isEqualTo(404);
        assertThat(profile("pump-station")).isNotNull();
    }

    @Test
    void anUploadIsStoredOnceImmutableAndKnownToTheCatalog() throws Exception {
        String v1 = lakeAs("pl-buoy", "1.0.0");
        assertThat(upload(VIEWER, v1, null).status()).as("viewers may not upload").isEqualTo(403);
        assertThat(upload(null, v1, null).status()).isEqualTo(401);

        Answer created = upload(OPERATOR, v1, "first buoy");
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json(json).get("version").get("sha256").asText()).isEqualTo(ProfileText.sha256(v1));
        Answer again = upload(OPERATOR, v1, null);
        assertThat(again.status()).as("the same text again is idempotent").isEqualTo(200);
        assertThat(again.json(json).get("created").asBoolean()).isFalse();

        String changed = v1.replace("Water temperature at the sonde", "Water temperature at the new sonde");
        Answer conflict = upload(OPERATOR, changed, null);
        assertThat(conflict.status()).as("versions are immutable").isEqualTo(409);
        assertThat(conflict.json(json).get("detail").asText()).contains("pl-buoy 1.0.0").contains("immutable");

        // a newer version with an added channel: the newest version labels, every version is known
        String v2 = lakeAs("pl-buoy", "1.10.0").replace("channels:\n", """
                channels:
                  - name: chlorophyll
                    description: Chlorophyll-a
                    unit: ug/L
                    precision: 0.1
                    source: { bus: modbus, table: holding, address: 40, type: float32 }
                """);
        Answer created2 = call("POST", "/api/v1/profiles", OPERATOR, v2, "text/plain");
        assertThat(created2.status()).as(created2.body()).isEqualTo(201);
        assertThat(catalog.profile("pl-buoy").orElseThrow().version()).isEqualTo("1.10.0");
        assertThat(catalog.version("pl-buoy", "1.0.0")).isPresent();
        assertThat(catalog.versions("pl-buoy")).containsExactly("1.0.0", "1.10.0");
        assertThat(checker.channel("pl-buoy", "chlorophyll")).as("telemetry of the new channel is understood")
                .isPresent();

        jdbc.sql("INSERT INTO gateway (id, kind, name, created_at) VALUES ('pl-gw-1', 'lake', 'a', 0),"
                + " ('pl-gw-2', 'lake', 'b', 0)").update();
        jdbc.sql("INSERT INTO gateway_device (gateway_id, device_id, profile_id, profile_version) VALUES"
                + " ('pl-gw-1', 'buoy', 'pl-buoy', '1.0.0'), ('pl-gw-2', 'buoy', 'pl-buoy', '1.10.0'),"
                + " ('pl-gw-2', 'buoy-2', 'pl-buoy', '1.10.0')").update();
        JsonNode p = profile("pl-buoy");
        assertThat(p.get("latest").asText()).isEqualTo("1.10.0");
        assertThat(p.get("gatewayCount").asInt()).isEqualTo(2);
        JsonNode newest = p.get("versions").get(0);
        assertThat(newest.get("version").asText()).isEqualTo("1.10.0");
        assertThat(newest.get("gatewayCount").asInt()).isEqualTo(1);
        assertThat(newest.get("gateways").get(0).asText()).isEqualTo("pl-gw-2");
        JsonNode oldest = p.get("versions").get(1);
        assertThat(oldest.get("note").asText()).isEqualTo("first buoy");
        assertThat(oldest.get("uploader").asText()).isEqualTo(OPERATOR);
        assertThat(oldest.get("gateways").get(0).asText()).isEqualTo("pl-gw-1");
        assertThat(call("GET", "/api/v1/profiles/pl-buoy/versions/1.10.0", VIEWER, null, null).body()).isEqualTo(v2);

        assertThat(audit("STORED")).contains("STORED pl-buoy 1.0.0", "STORED pl-buoy 1.10.0");
        assertThat(audit("UNCHANGED")).contains("UNCHANGED pl-buoy 1.0.0");
        assertThat(audit("CONFLICT")).contains("CONFLICT pl-buoy 1.0.0");
    }

    @Test
    void aBrokenProfileIsRefusedWithItsLineAndNothingIsStored() throws Exception {
        String broken = lakeAs("pl-broken", "1.0.0").replaceFirst("type: float32 }", "type: float33 }");
        Answer a = upload(OPERATOR, broken, null);
        assertThat(a.status()).as(a.body()).isEqualTo(422);
        JsonNode body = a.json(json);
        assertThat(body.get("title").asText()).isEqualTo("Profile refused");
        JsonNode e = body.get("errors").get(0);
        assertThat(e.get("field").asText()).isEqualTo("channels[0].source.type");
        int line = broken.lines().toList().indexOf(broken.lines().filter(l -> l.contains("float33")).findFirst()
                .orElseThrow()) + 1;
        assertThat(e.get("message").asText()).startsWith("line " + line + ", column ").contains("float33");
        assertThat(profile("pl-broken")).isNull();
        assertThat(catalog.profile("pl-broken")).isEmpty();

        Answer empty = upload(OPERATOR, "   ", null);
        assertThat(empty.status()).isEqualTo(422);
        Answer notYaml = upload(OPERATOR, "profile: [unclosed", null);
        assertThat(notYaml.status()).isEqualTo(422);
        assertThat(notYaml.json(json).get("errors").get(0).get("message").asText()).startsWith("line ");
        assertThat(audit("REFUSED")).hasSizeGreaterThanOrEqualTo(3);
    }
}
