package org.hanedge.provisioning;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import org.hanedge.sites.Site;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The fleet server's admin API as the technician's tool uses it (HTTP Basic as an administrator). */
public final class FleetApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI server;
    private final String authorization;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    /** An issued MQTT credential: the password is shown once by the server and never again. */
    public record Credential(String username, String password, String brokerUri) {
        @Override
        public String toString() {
            return "Credential[username=" + username + ", password=********, brokerUri=" + brokerUri + "]";
        }
    }

    /** Outcome of registering. */
    public enum Registration { REGISTERED, ALREADY_REGISTERED }

    public FleetApi(URI server, String user, char[] password) {
        this.server = server;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString(
                (user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Registers the site's gateway; when the id is taken, checks that the registered gateway is this site (same
     * kind and profile) and fails otherwise.
     */
    public Registration register(Site site) throws ProvisioningException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", site.id());
        body.put("kind", site.kind());
        body.put("name", site.name());
        body.put("nameLocal", site.nameLocal());
        body.put("district", site.district());
        body.put("lat", site.lat());
        body.put("lon", site.lon());
        body.put("profile", site.profile());
        body.put("note", site.note());
        HttpResponse<String> r = send(post("/api/v1/admin/gateways", body), "registering gateway " + site.id());
        if (r.statusCode() == 201 || r.statusCode() == 200) {
            return Registration.REGISTERED;
        }
        if (r.statusCode() != 409) {
            throw failure("registering gateway " + site.id(), r);
        }
        JsonNode g = gateway(site.id());
        String profile = site.profile() == null ? site.kind() : site.profile();
        if (!site.kind().equals(g.path("kind").asText()) || !profile.equals(g.path("profile").asText())) {
            throw new ProvisioningException("gateway " + site.id() + " is already registered as a different site (kind "
                    + g.path("kind").asText() + ", profile " + g.path("profile").asText() + "; the sites file says kind "
                    + site.kind() + ", profile " + profile + ")");
        }
        return Registration.ALREADY_REGISTERED;
    }

    /** The registry's view of one gateway. */
    public JsonNode gateway(String id) throws ProvisioningException {
        HttpRequest req = request("/api/v1/gateways/" + id).GET().build();
        HttpResponse<String> r = send(req, "reading gateway " + id);
        if (r.statusCode() != 200) {
            throw failure("reading gateway " + id, r);
        }
        return json(r, "reading gateway " + id);
    }

    /** Issues (or re-issues, replacing the previous one) the gateway's MQTT credential. */
    public Credential issueCredential(String id) throws ProvisioningException {
        String what = "issuing the MQTT credential of " + id;
        HttpResponse<String> r = send(post("/api/v1/admin/gateways/" + id + "/mqtt-credential", null), what);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw failure(what, r);
        }
        JsonNode c = json(r, what);
        if (!c.hasNonNull("username") || !c.hasNonNull("password")) {
            throw new ProvisioningException(what + ": the server's answer has no username/password");
        }
        return new Credential(c.get("username").asText(), c.get("password").asText(), c.path("brokerUri").asText(null));
    }

    /**
     * Issues credentials for many registered gateways at once (at most 1000 per call; all or nothing), replacing
     * their previous ones.
     */
    public java.util.List<Credential> issueCredentials(java.util.List<String> ids) throws ProvisioningException {
        String what = "issuing MQTT credentials for " + ids.size() + " gateways";
        HttpResponse<String> r = send(post("/api/v1/admin/mqtt-credentials/gateways", Map.of("gatewayIds", ids)), what);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw failure(what, r);
        }
        java.util.List<Credential> out = new java.util.ArrayList<>();
        for (JsonNode c : json(r, what)) {
            out.add(new Credential(c.path("username").asText(), c.path("password").asText(),
                    c.path("brokerUri").asText(null)));
        }
        if (out.size() != ids.size()) {
            throw new ProvisioningException(what + ": the server answered " + out.size() + " credentials");
        }
        return out;
    }

    private HttpRequest post(String path, Object body) throws ProvisioningException {
        try {
            return request(path).header("Content-Type", "application/json")
                    .POST(body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build();
        } catch (IOException e) {
            throw new ProvisioningException("cannot encode request: " + e.getMessage());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).header("Accept", "application/json");
    }

    private HttpResponse<String> send(HttpRequest req, String what) throws ProvisioningException {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (ConnectException | HttpConnectTimeoutException e) {
            throw new ProvisioningException("fleet server " + server + " unreachable (" + what + "): "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (IOException e) {
            throw new ProvisioningException("fleet server " + server + ": " + what + " failed: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProvisioningException(what + ": interrupted");
        }
    }

    private ProvisioningException failure(String what, HttpResponse<String> r) {
        return switch (r.statusCode()) {
            case 401 -> new ProvisioningException("fleet server " + server + ": 401 Unauthorized (" + what
                    + "): wrong user name or password");
            case 403 -> new ProvisioningException("fleet server " + server + ": 403 Forbidden (" + what
                    + "): the account is not an administrator");
            default -> new ProvisioningException("fleet server " + server + ": HTTP " + r.statusCode() + " (" + what
                    + "): " + detail(r.body()));
        };
    }

    private static String detail(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            for (String k : new String[] {"detail", "message", "error", "title"}) {
                if (n.hasNonNull(k)) {
                    return n.get(k).asText();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not JSON
        }
        String oneLine = body == null ? "" : body.replaceAll("\\s+", " ").trim();
        return oneLine.length() > 200 ? oneLine.substring(0, 200) + "..." : oneLine;
    }

    private JsonNode json(HttpResponse<String> r, String what) throws ProvisioningException {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new ProvisioningException("fleet server " + server + ": " + what + ": answer is not JSON");
        }
    }
}
