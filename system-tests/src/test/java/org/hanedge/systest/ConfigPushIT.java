package org.hanedge.systest;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.hanedge.gateway.it.FelixGateway;
import org.hanedge.gateway.it.SimulatedSite;
import org.hanedge.simulators.link.LinkRelay;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.Browser;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Issue 15's remote configuration from the fleet server to a real gateway: the server's jar (own process, demo
 * accounts) and LAKE-01's gateway (real Felix runtime, the distribution's bundles) reading a simulated sonde over
 * Modbus TCP with the shipped reporting rules, its MQTT link to the server's broker through a relay the test can
 * cut. After a first version stored through the REST API (the site file's document), an operator edits the
 * turbidity deadband in the gateway page's configuration tab in a real browser (headless Chromium) and pushes it; the
 * gateway applies it and what the server stores of the telemetry follows the new deadband; a viewer sees the
 * configuration without a push button and the API refuses a viewer's change; a unit id nobody answers is rolled back within the
 * health window while the old configuration keeps sending; a push made while the link is cut is applied when it
 * returns. The tests run in order on one site; each pushes the next version.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigPushIT {
    private static final String GATEWAY = "LAKE-01";
    private static final String DEVICE = "lake-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path dir;
    private RegisterBank bank;
    private ModbusTcpSlave sonde;
    private FleetServerProcess server;
    private LinkRelay link;
    private FelixGateway gateway;

    @BeforeAll
    void startSite() throws Exception {
        dir = Files.createTempDirectory("config-push-it");
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site_id,kind,name,name_local,district,lat,lon,profile,note\n" + GATEWAY
                + ",lake,Thac Gian lake,Hồ Thạc Gián,Thanh Khe,16.0688,108.2069,lake,ConfigPushIT\n",
                StandardCharsets.UTF_8);
        Path profiles = SimulatedSite.fastProfilesAsShipped(dir.resolve("profiles"), "lake");
        bank = new RegisterBank(SimulatedSite.load(profiles, "lake"));
        SimulatedSite.fill(bank, 0);
        bank.set("turbidity", 10.0);
        bank.set("water_temperature", 28.0);
        sonde = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0);
        server = FleetServerProcess.start(Path.of(System.getProperty("hanedge.fleet.jar")), dir.resolve("fleet"),
                FelixGateway.profilesDir(), sites, "512m");
        link = LinkRelay.onFreePort("127.0.0.1", server.mqttPort());
        String password = server.post("/api/v1/admin/gateways/" + GATEWAY + "/mqtt-credential", "{}")
                .get("password").asText();
        Path site = dir.resolve("site.yaml");
        Files.writeString(site, """
                gateway: { id: %s }
                profiles: profiles
                devices:
                  - { id: %s, profile: lake, modbus: { transport: tcp, port: %d, unitId: 1 } }
                uplink: { broker: 'tcp://127.0.0.1:%d', username: %s, password: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                outbox: { directory: outbox, commitDelay: 50ms }
                remoteConfig: { healthWindow: 5s }
                """.formatted(GATEWAY, DEVICE, sonde.port(), link.port(), GATEWAY, password));
        gateway = FelixGateway.start(site, dir.resolve("felix"));
        await("gateway online, turbidity 10 stored").atMost(ofSeconds(60))
                .until(() -> server.get("/api/v1/gateways/" + GATEWAY).path("online").asBoolean()
                        && stored("turbidity").orElse(-1.0) == 10.0);
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] { gateway, link, server, sonde }) {
            if (c != null) {
                c.close();
            }
        }
    }

    @Test
    @Order(1)
    void anOperatorEditsTheTurbidityDeadbandInTheBrowserAndTheGatewayAppliesIt() throws Exception {
        FleetServerProcess.Answer first = put(site(1, null), "site file at commissioning");
        assertEquals(200, first.status(), String.valueOf(first.json()));
        awaitReported(1, "APPLIED");
        // the profile's deadband (1 NTU) keeps a 0.4 change back: seen once the same poll's temperature is stored
        changeAndAwaitTemperature("turbidity", 10.4, 28.5);
        assertEquals(10.0, stored("turbidity").orElseThrow(), "a change inside the profile's deadband is not sent");

        try (Browser browser = new Browser("http://127.0.0.1:" + server.httpPort(), 1400, 1000)) {
            browser.login("operator", "operator");
            WebElement editor = configTab(browser);
            browser.waiting().until(d -> editor.getAttribute("value").contains("\"" + DEVICE + "\""));
            editor.clear();
            editor.sendKeys(site(1, 0.1).toPrettyString());
            browser.waiting().until(d -> d.findElements(By.cssSelector("#config-problems li")).isEmpty());
            browser.driver.findElement(By.id("config-reason")).sendKeys("turbidity in finer steps for the algae season");
            browser.driver.findElement(By.id("config-push")).click();
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("config-desired-version"), "2"));
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("config-reported-status"),
                    "APPLIED"));
            browser.screenshot("config-push-it-lake-01-applied");
        }
        JsonNode config = awaitReported(2, "APPLIED");
        assertTrue(config.path("inSync").asBoolean(), config.toString());
        assertEquals("operator", config.path("desired").path("author").asText());
        assertEquals(0.1, config.path("desired").path("site").path("rules").path("deadbands")
                .path(DEVICE + "/turbidity").asDouble(), config.toString());
        assertFalse(config.toString().contains(gatewayPassword()), "nothing the server shows carries the password");

        bank.set("turbidity", 10.7);
        await("turbidity 10.7 stored under the pushed 0.1 deadband").atMost(ofSeconds(30))
                .until(() -> stored("turbidity").orElse(-1.0) == 10.7);

        JsonNode audit = server.get("/api/v1/audit?gateway=" + GATEWAY + "&size=50");
        assertTrue(audit.toString().contains("turbidity in finer steps"), audit.toString());
    }

    @Test
    @Order(2)
    void aViewerSeesTheConfigurationButCannotPush() throws Exception {
        try (Browser browser = new Browser("http://127.0.0.1:" + server.httpPort(), 1400, 1000)) {
            browser.login("viewer", "viewer");
            WebElement editor = configTab(browser);
            browser.waiting().until(d -> editor.getAttribute("value").contains(DEVICE + "/turbidity"));
            browser.waiting().until(ExpectedConditions.textToBePresentInElementLocated(By.id("config-reported-status"),
                    "APPLIED"));
            assertTrue(browser.driver.findElements(By.id("config-push")).stream().noneMatch(WebElement::isDisplayed),
                    "a viewer has no push button");
            browser.screenshot("config-push-it-lake-01-viewer");
        }
        FleetServerProcess.Answer refused = server.as("viewer", "PUT", "/api/v1/gateways/" + GATEWAY + "/config",
                body(site(1, 5.0), "a viewer tries"));
        assertEquals(403, refused.status(), String.valueOf(refused.json()));
        assertEquals(2, server.get("/api/v1/gateways/" + GATEWAY + "/config").path("desired").path("version").asLong(),
                "no version stored");
    }

    @Test
    @Order(3)
    void aUnitIdNobodyAnswersIsRolledBackAndTheOldConfigurationKeepsSending() throws Exception {
        FleetServerProcess.Answer put = put(site(9, 0.1), "the sonde was readdressed (it was not)");
        assertEquals(200, put.status(), String.valueOf(put.json()));
        assertEquals(3, put.json().path("version").asLong());
        JsonNode config = awaitReported(3, "ROLLED_BACK");
        assertFalse(config.path("inSync").asBoolean());
        assertEquals(2, config.path("reported").path("lastGood").asLong(), config.toString());
        JsonNode error = config.path("reported").path("errors").get(0);
        assertEquals("devices[0]", error.path("path").asText(), config.toString());
        assertTrue(error.path("message").asText().contains("does not answer"), error.toString());

        changeAndAwaitTemperature("turbidity", 11.0, 29.0);
        assertEquals(11.0, stored("turbidity").orElseThrow(), "version 2 (deadband 0.1, unit 1) sends again");
    }

    @Test
    @Order(4)
    void aPushMadeWhileTheLinkIsCutIsAppliedWhenItReturns() throws Exception {
        link.cut();
        await("the server sees the gateway offline").atMost(ofSeconds(60))
                .until(() -> !server.get("/api/v1/gateways/" + GATEWAY).path("online").asBoolean());
        FleetServerProcess.Answer put = put(site(1, 0.5), "pushed while the lake's link is down");
        assertEquals(200, put.status(), String.valueOf(put.json()));
        assertEquals(4, put.json().path("version").asLong());
        JsonNode waiting = server.get("/api/v1/gateways/" + GATEWAY + "/config");
        assertEquals(3, waiting.path("reported").path("version").asLong(), "nothing reached the gateway yet");

        link.restore();
        JsonNode config = awaitReported(4, "APPLIED");
        assertTrue(config.path("inSync").asBoolean(), config.toString());
        // deadband 0.5 now: 0.3 stays back, 0.6 is sent
        changeAndAwaitTemperature("turbidity", 11.3, 29.5);
        assertEquals(11.0, stored("turbidity").orElseThrow());
        bank.set("turbidity", 11.6);
        await("turbidity 11.6 stored").atMost(ofSeconds(30)).until(() -> stored("turbidity").orElse(-1.0) == 11.6);
    }

    /** Sets a channel and the temperature in one step, then waits until the temperature is stored by the server. */
    private void changeAndAwaitTemperature(String channel, double value, double temperature) {
        bank.set(channel, value);
        bank.set("water_temperature", temperature);
        await("water temperature " + temperature + " stored").atMost(ofSeconds(30))
                .until(() -> stored("water_temperature").orElse(-1.0) == temperature);
    }

    private Optional<Double> stored(String channel) throws Exception {
        for (JsonNode v : server.get("/api/v1/gateways/" + GATEWAY + "/latest")) {
            if (DEVICE.equals(v.path("device").asText()) && channel.equals(v.path("channel").asText())) {
                return Optional.of(Math.round(v.path("value").asDouble() * 1000) / 1000.0);
            }
        }
        return Optional.empty();
    }

    private JsonNode awaitReported(long version, String status) {
        return await("version " + version + " " + status).atMost(ofSeconds(60)).until(
                () -> server.get("/api/v1/gateways/" + GATEWAY + "/config"),
                c -> c.path("reported").path("version").asLong() == version
                        && status.equals(c.path("reported").path("status").asText()));
    }

    private FleetServerProcess.Answer put(ObjectNode site, String reason) throws Exception {
        return server.as("operator", "PUT", "/api/v1/gateways/" + GATEWAY + "/config", body(site, reason));
    }

    private static String body(ObjectNode site, String reason) {
        ObjectNode body = JSON.createObjectNode();
        body.set("site", site);
        body.put("reason", reason);
        return body.toString();
    }

    /** The site file's document without the credential, with a unit id and a turbidity deadband. */
    private ObjectNode site(int unitId, Double turbidityDeadband) throws Exception {
        ObjectNode site = (ObjectNode) JSON.readTree("""
                {"gateway": {"id": "%s"}, "profiles": "profiles",
                 "devices": [{"id": "%s", "profile": "lake",
                              "modbus": {"transport": "tcp", "port": %d, "unitId": %d}}],
                 "uplink": {"broker": "tcp://127.0.0.1:%d", "reconnectMin": "200ms", "reconnectMax": "1s"},
                 "outbox": {"directory": "outbox", "commitDelay": "50ms"},
                 "remoteConfig": {"healthWindow": "5s"}}
                """.formatted(GATEWAY, DEVICE, sonde.port(), unitId, link.port()));
        if (turbidityDeadband != null) {
            site.putObject("rules").putObject("deadbands").put(DEVICE + "/turbidity", turbidityDeadband);
        }
        return site;
    }

    /** The gateway page's configuration tab; its editor once the page shows it. */
    private static WebElement configTab(Browser browser) {
        browser.waiting().until(d -> d.getCurrentUrl().contains("/ui/")); // the login's redirect has landed
        browser.driver.get(browser.base + "/ui/#/gateway/" + GATEWAY);
        browser.driver.navigate().refresh();
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("tab-config"))).click();
        return browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("config-editor")));
    }

    private String gatewayPassword() throws Exception {
        String file = Files.readString(dir.resolve("site.yaml"));
        int at = file.indexOf("password: '") + "password: '".length();
        return file.substring(at, file.indexOf('\'', at));
    }
}
