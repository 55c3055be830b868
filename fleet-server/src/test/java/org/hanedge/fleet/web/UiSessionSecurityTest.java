package org.hanedge.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.fleet.FleetServerTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The UI's form login and session, and how the API chain treats that session (CSRF on writes), over real HTTP. */
class UiSessionSecurityTest extends FleetServerTest {
    @LocalServerPort
    int port;
    private HttpClient browser;
    private String adminPassword;

    @BeforeEach
    void login() throws Exception {
        adminPassword = Files.readString(DATA_DIR.resolve("secrets/initial-admin-password")).trim();
        browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
    }

    private String url(String path) {
        return "http://localhost:" + port + path;
    }

    private HttpResponse<String> get(HttpClient c, String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(HttpClient c, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).POST(HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return c.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> formLogin(String user, String password) throws Exception {
        Matcher m = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(get(browser, "/login").body());
        assertThat(m.find()).as("the login form carries a CSRF token").isTrue();
        return post(browser, "/login", "username=" + user + "&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8)
                + "&_csrf=" + m.group(1), "Content-Type", "application/x-www-form-urlencoded");
    }

    private String csrfToken() throws Exception {
        Matcher m = Pattern.compile("\"csrfToken\":\"([^\"]+)\"").matcher(get(browser, "/ui/session").body());
        assertThat(m.find()).isTrue();
        return m.group(1);
    }

    @Test
    void thePagesNeedALogin() throws Exception {
        HttpResponse<String> r = get(browser, "/ui/");
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/login"));
        assertThat(formLogin("admin", "wrong-password").headers().firstValue("Location"))
                .hasValueSatisfying(l -> assertThat(l).endsWith("/login?error"));
        assertThat(get(browser, "/ui/").statusCode()).isEqualTo(302);
    }

    @Test
    void theSessionCallsTheApiButWritesNeedTheCsrfToken() throws Exception {
        HttpResponse<String> login = formLogin("admin", adminPassword);
        assertThat(login.statusCode()).isEqualTo(302);
        assertThat(login.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).endsWith("/ui/"));
        assertThat(get(browser, "/ui/").statusCode()).isEqualTo(200);
        HttpResponse<String> me = get(browser, "/api/v1/me");
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.body()).contains("\"username\":\"admin\"");

        String json = "Content-Type";
        assertThat(post(browser, "/api/v1/alarms/987654/acknowledge", "{}", json, "application/json").statusCode())
                .as("a write riding on the session cookie without the token").isEqualTo(403);
        assertThat(post(browser, "/api/v1/alarms/987654/acknowledge", "{}", json, "application/json",
                "X-CSRF-TOKEN", csrfToken()).statusCode()).as("with the token: past security, no such alarm")
                .isEqualTo(404);

        assertThat(post(browser, "/logout", "_csrf=" + csrfToken(), json, "application/x-www-form-urlencoded")
                .statusCode()).isEqualTo(302);
        assertThat(get(browser, "/api/v1/me").statusCode()).isEqualTo(401);
    }

    @Test
    void basicAndBearerStayStatelessAndNeedNoCsrfToken() throws Exception {
        HttpClient machine = HttpClient.newHttpClient();
        String basic = "Basic " + Base64.getEncoder().encodeToString(("admin:" + adminPassword).getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> me = get(machine, "/api/v1/me", "Authorization", basic);
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(me.headers().firstValue("Set-Cookie")).isEmpty();
        assertThat(post(machine, "/api/v1/alarms/987654/acknowledge", "{}", "Content-Type", "application/json",
                "Authorization", basic).statusCode()).isEqualTo(404);
    }

    @Test
    void theUiGetsA401WithoutABasicChallenge() throws Exception {
        HttpResponse<String> r = get(HttpClient.newHttpClient(), "/api/v1/fleet", "X-HanEdge-UI", "1");
        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().allValues("WWW-Authenticate")).isEmpty();
        assertThat(get(HttpClient.newHttpClient(), "/api/v1/fleet").headers().allValues("WWW-Authenticate"))
                .isNotEmpty();
    }

    @Test
    void theEventStreamOpensWithHello() throws Exception {
        formLogin("admin", adminPassword);
        HttpResponse<InputStream> r = browser.send(HttpRequest.newBuilder(URI.create(url("/api/v1/events"))).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(in.readLine()).isEqualTo("event:hello");
        }
    }
}
