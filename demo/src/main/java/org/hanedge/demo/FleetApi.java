package org.hanedge.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The fleet server's REST API as the demo uses it, as the demo's admin account. Every query answers empty when the
 * server does not answer (yet): the demo polls.
 */
public final class FleetApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String base;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FleetApi(String baseUrl, String user, String password) {
        this.base = baseUrl;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code /actuator/health} says UP. */
    public boolean healthy() {
        return get("/actuator/health", Map.of()).map(n -> "UP".equals(n.path("status").asText())).orElse(false);
    }

    /** Gateways the API lists online, in a district or (null) in the city. */
    public OptionalInt online(String district) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("online", "true");
        q.put("size", "1");
        if (district != null) {
            q.put("district", district);
        }
        return get("/api/v1/gateways", q).filter(n -> n.path("total").isNumber())
                .map(n -> OptionalInt.of(n.path("total").asInt())).orElse(OptionalInt.empty());
    }

    /** Whether the API shows a GOOD reading of the gateway. */
    public boolean hasGoodReading(String gatewayId) {
        return get("/api/v1/gateways/" + gatewayId + "/latest", Map.of())
                .map(n -> n.findValues("quality").stream().anyMatch(q -> "GOOD".equals(q.asText()))).orElse(false);
    }

    /** A gateway's record ({@code /api/v1/gateways/ID}), e.g. its {@code position}. */
    public Optional<JsonNode> gateway(String gatewayId) {
        return get("/api/v1/gateways/" + gatewayId, Map.of());
    }

    /** A gateway's overview, with its {@code outbox} stats. */
    public Optional<JsonNode> overview(String gatewayId) {
        return get("/api/v1/gateways/" + gatewayId + "/overview", Map.of());
    }

    /** Alarms raised since {@code from} (ISO-8601), any state, up to 100. */
    public Optional<JsonNode> alarmsSince(String from) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("state", "ALL");
        q.put("size", "100");
        q.put("from", from);
        return get("/api/v1/alarms", q);
    }

    /** An answer of the API: its status code and body. */
    public record Answer(int status, String body) {
    }

    /**
     * Sends {@code body} as JSON ({@code PUT}, {@code POST}) and answers the status and body; an I/O failure
     * completes exceptionally. Asynchronous, so many requests can be in flight.
     */
    public java.util.concurrent.CompletableFuture<Answer> send(String method, String path, Object body) {
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(body);
        } catch (IOException e) {
            return java.util.concurrent.CompletableFuture.failedFuture(e);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .header("Accept", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(json))
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), r.body()));
    }

    /** {@code GET path} as JSON; empty when the server does not answer or answers other than 2xx. */
    public Optional<JsonNode> get(String path) {
        return get(path, Map.of());
    }

    private Optional<JsonNode> get(String path, Map<String, String> query) {
        String qs = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = URI.create(base + path + (qs.isEmpty() ? "" : "?" + qs));
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("Authorization", authorization)
                .header("Accept", "application/json").GET().build();
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() / 100 != 2) {
                return Optional.empty();
            }
            return Optional.of(JSON.readTree(r.body()));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
