package org.hanedge.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.hanedge.fleet.telemetry.store.RollupJob;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The web UI in a real browser (Debian's headless Chromium via Selenium) against a real demo-mode server (own
 * data directory, embedded broker, the demo city's ~900 sites when the shared CSV is at hand), with telemetry and
 * alarms sent by a real MQTT gateway client. Screenshots of every page go to {@code target/ui-screenshots/}, the
 * measured figures to {@code target/ui-screenshots/figures.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WebUiBrowserTest {
    private static final String LAKE = "UIT-LAKE";
    private static Path data;
    private static int mqttPort;
    private static ConfigurableApplicationContext ctx;
    private static Browser browser;
    private static TestGateway gateway;
    private static int registered;
    private static int lakes;
    private static long seq = 1;
    private static final List<String> figures = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        data = Files.createTempDirectory("fleet-ui-test");
        mqttPort = FleetServerTest.freePort();
        ctx = new SpringApplicationBuilder(FleetServerApplication.class).run("--server.port=0",
                "--hanedge.fleet.data-dir=" + data, "--hanedge.fleet.mqtt.port=" + mqttPort,
                "--hanedge.fleet.mqtt.bind-address=127.0.0.1", "--hanedge.fleet.demo=true",
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles"));
        List<Site> sites = new ArrayList<>(citySites());
        sites.add(new Site(LAKE, "lake", "Thac Test lake", "Hồ Thạc Thử", "Thanh Khe", 16.074, 108.191, "lake", null,
                List.of("ui-test"), List.of("lake")));
        sites.add(new Site("UIT-INT", "intersection", "Test junction", "Ngã tư Thử", "Hai Chau", 16.06, 108.22,
                "intersection", null, List.of("ui-test"), List.of()));
        GatewayRegistry registry = ctx.getBean(GatewayRegistry.class);
        registry.register(sites);
        JdbcClient jdbc = ctx.getBean(JdbcClient.class);
        registered = jdbc.sql("SELECT COUNT(*) FROM gateway").query(Integer.class).single();
        lakes = jdbc.sql("SELECT COUNT(*) FROM gateway WHERE kind = 'lake'").query(Integer.class).single();

        String password = ctx.getBean(MqttCredentialService.class).issueForGateway(LAKE).password();
        gateway = TestGateway.connect(LAKE, password, mqttPort);
        gateway.birth("{\"lake-sonde\":\"lake@1.1.0\"}");
        // an hour of water temperature, one reading a minute
        double now = System.currentTimeMillis() / 1000.0;
        StringBuilder pack = new StringBuilder("[");
        for (int i = 0; i < 60; i++) {
            pack.append(i == 0 ? "" : ",").append(TestGateway.record(i == 0 ? LAKE + "/lake-sonde/" : null,
                    "water_temperature", "Cel", "\"v\":" + (28 + Math.sin(i / 6.0) * 2), now - 3600 + i * 60, seq + i));
        }
        gateway.telemetry(pack.append("]").toString(), seq, 60);
        seq += 60;
        raiseAlarm("water_temperature:HIGH", 34.2);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            ctx.getBean(RollupJob.class).runOnce();
            assertThat(jdbc.sql("SELECT COUNT(*) FROM rollup_1m r JOIN series s ON s.id = r.series_id"
                    + " WHERE s.gateway_id = ?").param(LAKE).query(Long.class).single()).isGreaterThan(30);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM alarm WHERE gateway_id = ?").param(LAKE).query(Long.class)
                    .single()).isEqualTo(1);
        });
        browser = new Browser(base(), 1440, 900);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (ctx != null) {
            ctx.close();
        }
        if (!figures.isEmpty()) {
            Files.createDirectories(Browser.SCREENSHOTS);
            Files.write(Browser.SCREENSHOTS.resolve("figures.txt"), figures, StandardCharsets.UTF_8);
        }
    }

    /** The demo city (the shared data set) when it is at hand; the test's own sites otherwise. */
    private static List<Site> citySites() throws Exception {
        for (Path p : List.of(FleetServerTest.projectPath("../shared/data/danang-sites.csv"),
                Path.of("/work/shared/data/danang-sites.csv"))) {
            if (Files.isRegularFile(p)) {
                return org.hanedge.sites.SitesCsv.read(p).stream().map(Site::of).toList();
            }
        }
        return List.of();
    }

    private static String base() {
        return "http://localhost:" + ctx.getBean(Environment.class).getProperty("local.server.port");
    }

    private static void raiseAlarm(String key, double value) {
        gateway.event("alarm", "{\"alarm\":\"" + key + "\",\"device\":\"lake-sonde\",\"channel\":\"water_temperature\","
                + "\"state\":\"raised\",\"severity\":\"major\",\"value\":" + value + ",\"limit\":33,"
                + "\"time\":\"" + java.time.Instant.now() + "\",\"message\":\"" + key + "\"}", seq++);
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }

    @Test
    @Order(1)
    void aWrongPasswordIsRefused() {
        browser.login("operator", "not-the-password");
        browser.waiting().until(ExpectedConditions.urlContains("/login?error"));
        assertThat(text("#login-message")).contains("Wrong username or password");
        browser.screenshot("01-login-refused");
        browser.driver.get(base() + "/ui/");
        browser.waiting().until(ExpectedConditions.urlContains("/login")); // still not logged in
    }

    @Test
    @Order(2)
    void loginShowsTheMapWithEveryGateway() {
        browser.login("operator", "operator");
        browser.waiting().until(ExpectedConditions.urlContains("/ui/"));
        long started = System.nanoTime();
        browser.driver.get(base() + "/ui/#/map");
        browser.waiting().until(d -> String.valueOf(registered)
                .equals(d.findElement(By.id("map-count")).getDomAttribute("data-markers")));
        long ms = (System.nanoTime() - started) / 1_000_000;
        assertThat(text("#user")).contains("operator");
        assertThat(text("#map-count")).startsWith(registered + " gateways on the map");
        assertThat(((Number) browser.js("return window.hanedge.map.counts.ALARM")).intValue()).isEqualTo(1);
        figures.add(String.format(Locale.ROOT, "map: %d gateways, first render %d ms (navigation to all markers"
                + " loaded), page weight %s", registered, ms, pageWeight()));
        browser.screenshot("02-map");
    }

    @Test
    @Order(3)
    void theFleetTableFiltersAndSearchesWithAndWithoutAccents() {
        long started = System.nanoTime();
        browser.driver.get(base() + "/ui/#/fleet");
        browser.driver.navigate().refresh();
        browser.waiting().until(d -> String.valueOf(registered)
                .equals(d.findElement(By.id("fleet-info")).getDomAttribute("data-total")));
        long ms = (System.nanoTime() - started) / 1_000_000;
        figures.add(String.format(Locale.ROOT, "fleet table: %d gateways, first render %d ms (first page of 50),"
                + " page weight %s", registered, ms, pageWeight()));
        assertThat(browser.driver.findElements(By.cssSelector("#fleet-table tbody tr"))).hasSize(Math.min(50, registered));

        new Select(browser.driver.findElement(By.id("f-kind"))).selectByVisibleText("lake");
        browser.waiting().until(d -> String.valueOf(lakes)
                .equals(d.findElement(By.id("fleet-info")).getDomAttribute("data-total")));
        assertThat(browser.driver.findElements(By.cssSelector("#fleet-table tbody tr"))).hasSize(lakes)
                .allSatisfy(r -> assertThat(r.getText()).contains("lake"));

        WebElement search = browser.driver.findElement(By.id("f-q"));
        search.sendKeys("thac");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#fleet-table tbody tr[data-id='" + LAKE + "']"))
                .size() == 1 && !"".equals(d.findElement(By.id("fleet-info")).getDomAttribute("data-total")));
        browser.waiting().until(d -> d.findElements(By.cssSelector("#fleet-table tbody tr")).stream()
                .allMatch(r -> r.getText().contains("Thạc")));
        browser.screenshot("03-fleet-filtered");
        search.clear();
        search.sendKeys("Thạc Thử");
        browser.waiting().until(d -> "1".equals(d.findElement(By.id("fleet-info")).getDomAttribute("data-total")));
        assertThat(text("#fleet-table tbody")).contains(LAKE);
    }

    @Test
    @Order(4)
    void theGatewayPageDrawsAChartWithLimits() {
        browser.driver.get(base() + "/ui/#/gateway/" + LAKE);
        browser.waiting().until(d -> {
            String p = d.findElement(By.id("chart-info")).getDomAttribute("data-points");
            return p != null && Integer.parseInt(p) > 20;
        });
        long painted = ((Number) browser.js("const c = document.getElementById('chart');"
                + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                + "for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n;")).longValue();
        assertThat(painted).as("painted pixels of the chart canvas").isGreaterThan(500);
        assertThat(text("#gw-latest")).contains("water_temperature").contains("H 33").contains("Cel");
        assertThat(text("#gw-connections")).contains("online");
        assertThat(text("#chart-info")).contains("1m rollups");
        browser.screenshot("04-gateway");
    }

    @Test
    @Order(5)
    void aViewerCannotAcknowledgeAnOperatorCan() throws Exception {
        browser.login("viewer", "viewer");
        browser.waiting().until(ExpectedConditions.urlContains("/ui/"));
        browser.driver.get(base() + "/ui/#/alarms");
        browser.waiting().until(d -> "1".equals(d.findElement(By.id("alarm-info")).getDomAttribute("data-total")));
        assertThat(browser.driver.findElements(By.cssSelector(".ack-button"))).isEmpty();
        assertThat(text("#page")).contains("Viewers cannot acknowledge");
        browser.screenshot("05-alarms-viewer");
        long id = ctx.getBean(JdbcClient.class).sql("SELECT id FROM alarm WHERE gateway_id = ?").param(LAKE)
                .query(Long.class).single();
        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/api/v1/alarms/" + id + "/acknowledge"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes()))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);

        browser.login("operator", "operator");
        browser.waiting().until(ExpectedConditions.urlContains("/ui/"));
        browser.driver.get(base() + "/ui/#/alarms");
        WebElement button = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(".ack-button")));
        browser.driver.findElement(By.cssSelector(".ack-comment")).sendKeys("crew sent");
        button.click();
        browser.waiting().until(d -> d.findElement(By.cssSelector("tr[data-alarm='" + id + "'] .ack-cell")).getText()
                .contains("by operator"));
        assertThat(ctx.getBean(JdbcClient.class).sql("SELECT ack_comment FROM alarm WHERE id = ?").param(id)
                .query(String.class).single()).isEqualTo("crew sent");
        browser.screenshot("06-alarms-acknowledged");
    }

    @Test
    @Order(6)
    void liveUpdatesArriveWithoutReloading() {
        browser.driver.get(base() + "/ui/#/alarms");
        browser.waiting().until(d -> "1".equals(d.findElement(By.id("alarm-info")).getDomAttribute("data-total")));
        browser.waiting().until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));
        browser.js("window.notReloaded = true;");
        raiseAlarm("water_temperature:HIGH_HIGH", 35.5);
        browser.waiting().until(d -> "2".equals(d.findElement(By.id("alarm-info")).getDomAttribute("data-total")));
        assertThat(browser.js("return window.notReloaded === true")).isEqualTo(true);
        browser.waiting().until(d -> "1".equals(d.findElement(By.id("alarm-badge")).getText())); // unacknowledged

        browser.driver.get(base() + "/ui/#/gateway/" + LAKE);
        browser.waiting().until(d -> d.findElement(By.id("gw-latest")).getText().contains("water_temperature"));
        browser.waiting().until(d -> d.findElement(By.id("live")).getDomAttribute("class").contains("on"));
        browser.js("window.notReloaded = true;");
        gateway.telemetry("[" + TestGateway.record(LAKE + "/lake-sonde/", "water_temperature", "Cel", "\"v\":31.75",
                System.currentTimeMillis() / 1000.0, seq) + "]", seq, 1);
        seq++;
        browser.waiting().until(d -> d.findElement(By.cssSelector("#gw-latest tr[data-channel='water_temperature']"))
                .getText().contains("31.75"));
        assertThat(browser.js("return window.notReloaded === true")).isEqualTo(true);
        browser.screenshot("07-gateway-live");
    }

    @Test
    @Order(7)
    void theDashboardShowsTheKpis() {
        browser.driver.get(base() + "/ui/#/dashboard");
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#kpi-fishing canvas")).isEmpty());
        assertThat(text("#kpi-water")).contains("lakes outside water-quality limits");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(3840, 2160));
        browser.screenshot("08-dashboard-wall");
        browser.driver.manage().window().setSize(new org.openqa.selenium.Dimension(1440, 900));
        browser.screenshot("09-dashboard-laptop");
    }

    @Test
    @Order(8)
    void theDeadLettersPageShowsFiltersAndReplays() {
        // a reading of a device the gateway never announced: refused, kept as a dead letter
        gateway.telemetry("[" + TestGateway.record(LAKE + "/ghost-sonde/", "water_temperature", "Cel", "\"v\":30.5",
                System.currentTimeMillis() / 1000.0, seq) + "]", seq, 1);
        seq++;
        browser.driver.get(base() + "/ui/#/dead-letters");
        browser.driver.navigate().refresh();
        browser.waiting().until(d -> d.findElements(By.cssSelector("#dead-letter-table tbody tr[data-id]")).stream()
                .anyMatch(r -> r.getText().contains("UNKNOWN_DEVICE") && r.getText().contains("ghost-sonde")));
        WebElement row = browser.driver.findElements(By.cssSelector("#dead-letter-table tbody tr[data-id]")).stream()
                .filter(r -> r.getText().contains("ghost-sonde")).findFirst().orElseThrow();
        String id = row.getDomAttribute("data-id");
        new Select(browser.driver.findElement(By.id("d-reason"))).selectByValue("UNKNOWN_DEVICE");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#dead-letter-table tbody tr[data-id]")).stream()
                .allMatch(r -> r.getText().contains("UNKNOWN_DEVICE")));
        browser.driver.findElement(By.cssSelector("tr[data-id='" + id + "'] .payload-button")).click();
        browser.waiting().until(d -> d.findElement(By.id("payload-text")).getText().contains(LAKE + "/ghost-sonde/"));
        // replayed before the device is announced: still refused, and the page says so
        browser.driver.findElement(By.cssSelector("tr[data-id='" + id + "'] .replay-button")).click();
        new Select(browser.driver.findElement(By.id("d-resolved"))).selectByValue("");
        browser.waiting().until(d -> d.findElement(By.cssSelector("tr[data-id='" + id + "'] .replay-cell")).getText()
                .contains("refused"));
        browser.screenshot("10-dead-letters");
    }

    /** Bytes transferred for the page and everything it loaded (Resource Timing), and the uncompressed size. */
    private static String pageWeight() {
        Object r = browser.js("const all = performance.getEntriesByType('navigation').concat(performance.getEntriesByType('resource'));"
                + "let t = 0, b = 0; all.forEach(e => { t += e.transferSize || 0; b += e.decodedBodySize || 0; });"
                + "return [t, b, all.length];");
        List<?> v = (List<?>) r;
        return String.format(Locale.ROOT, "%.0f KiB transferred, %.0f KiB decoded, %s requests",
                ((Number) v.get(0)).doubleValue() / 1024, ((Number) v.get(1)).doubleValue() / 1024, v.get(2));
    }
}
