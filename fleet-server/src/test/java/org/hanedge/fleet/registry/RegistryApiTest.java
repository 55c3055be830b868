package org.hanedge.fleet.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;

import org.hanedge.fleet.FleetServerTest;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Registering and listing gateways through the REST API, as the provisioning tool and the UI do. */
class RegistryApiTest extends FleetServerTest {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    @LocalServerPort
    int port;

    private record Answer(int status, JsonNode body) {
    }

    private Answer call(String method, String path, String body, boolean admin) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
        if (admin) {
            String pw = Files.readString(DATA_DIR.resolve("secrets/initial-admin-password")).trim();
            b.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString(("admin:" + pw).getBytes(StandardCharsets.UTF_8)));
        }
        HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    @Test
    void registersListsAndFindsGateways() throws Exception {
        String lake = """
                {"id":"REG-LAKE-1","kind":"lake","name":"Ho Thac Gian","nameLocal":"Hồ Thạc Gián","district":"Thanh Khe",
                 "lat":16.0632,"lon":108.2085,"profile":"lake","note":"monitored"}""";
        Answer created = call("POST", "/api/v1/admin/gateways", lake, true);
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.body().get("nameLocal").asText()).isEqualTo("Hồ Thạc Gián");
        assertThat(created.body().get("tags").toString()).contains("monitored");
        assertThat(created.body().get("online").asBoolean()).isFalse();

        assertThat(call("POST", "/api/v1/admin/gateways", lake, true).status()).isEqualTo(409);
        Answer bad = call("POST", "/api/v1/admin/gateways", "{\"id\":\"a/b\",\"kind\":\"lake\",\"name\":\"x\"}", true);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().toString()).contains("id");
        assertThat(call("POST", "/api/v1/admin/gateways", lake, false).status()).isEqualTo(401);

        call("POST", "/api/v1/admin/gateways", """
                {"id":"REG-INT-1","kind":"intersection","name":"Le Duan - Tran Phu","district":"Hai Chau"}""", true);
        Answer one = call("GET", "/api/v1/gateways/REG-INT-1", null, true);
        assertThat(one.body().get("tags").toString()).contains("corridor:Le Duan");
        assertThat(one.body().get("profile").asText()).isEqualTo("intersection");

        Answer search = call("GET", "/api/v1/gateways?q=" + URLEncoder.encode("thạc", StandardCharsets.UTF_8)
                + "&kind=lake&tag=monitored", null, true);
        assertThat(search.body().get("total").asLong()).isEqualTo(1);
        assertThat(search.body().get("items").get(0).get("id").asText()).isEqualTo("REG-LAKE-1");
        Answer page = call("GET", "/api/v1/gateways?size=1&page=0&district=Hai%20Chau&tag=corridor:Le%20Duan", null,
                true);
        assertThat(page.body().get("items").size()).isEqualTo(1);
        assertThat(call("GET", "/api/v1/gateways?size=5000", null, true).status()).isEqualTo(400);
        assertThat(call("GET", "/api/v1/gateways/NOPE-404", null, true).status()).isEqualTo(404);
    }
}
