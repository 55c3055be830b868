package org.hanedge.systest;

import static java.time.Duration.ofSeconds;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.hanedge.gateway.it.FelixGateway;
import org.hanedge.gateway.it.SimulatedSite;
import org.hanedge.simulators.modbus.ModbusTcpSlave;
import org.hanedge.simulators.modbus.RegisterBank;
import org.hanedge.testing.Browser;
import org.hanedge.testing.FleetServerProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Issue 15's commands end to end: the fleet server's jar (its own process, demo accounts) and PS-01's gateway (real
 * Felix runtime, the distribution's bundles) reading its simulated station PLC over Modbus TCP and driving its relay
 * board (GPIO, mock provider). An operator's command through the REST API to run pump 1 is refused by the profile's
 * dry-run interlock while the simulated wet well is low, and done once it is high, and the same from the gateway page's
 * command button in a real browser (headless Chromium) with its confirmation; all four are in the command log and
 * the audit log.
 */
class CommandIT {
    private static final String GATEWAY = "PS-01";
    private static final String RUN_PUMP_1 = "{\"device\":\"ps-io\",\"channel\":\"pump1_run\",\"value\":true,"
            + "\"reason\":\"CommandIT\"}";

    @TempDir
    Path dir;

    @Test
    void runningPumpOneIsRefusedAtALowWetWellAndDoneAtAHighOne() throws Exception {
        Path sites = dir.resolve("sites.csv");
        Files.writeString(sites, "site_id,kind,name,name_local,district,lat,lon,profile,note\n" + GATEWAY
                + ",pump-station,Hoa Cuong WWTP,,Hai Chau,16.06175,108.20638,pump-station,CommandIT\n",
                StandardCharsets.UTF_8);
        Path profiles = SimulatedSite.fastProfiles(dir.resolve("profiles"), "pump-station");
        RegisterBank bank = new RegisterBank(SimulatedSite.load(profiles, "pump-station"));
        SimulatedSite.fill(bank, 0);
        bank.set("wet_well_level", 0.3);
        try (FleetServerProcess server = FleetServerProcess.start(Path.of(System.getProperty("hanedge.fleet.jar")),
                dir.resolve("fleet"), FelixGateway.profilesDir(), sites, "512m");
                ModbusTcpSlave plc = new ModbusTcpSlave(bank, 1).start("127.0.0.1", 0)) {
            String password = server.post("/api/v1/admin/gateways/" + GATEWAY + "/mqtt-credential", "{}")
                    .get("password").asText();
            Path site = dir.resolve("site.yaml");
            Files.writeString(site, """
                    gateway: { id: %s }
                    profiles: profiles
                    devices:
                      - { id: ps-plc, profile: pump-station, modbus: { transport: tcp, port: %d } }
                      - { id: ps-io, profile: pump-station, gpio: { provider: mock } }
                    uplink: { broker: 'tcp://127.0.0.1:%d', username: %s, password: '%s', reconnectMin: 200ms, reconnectMax: 1s }
                    outbox: { directory: outbox, commitDelay: 50ms }
                    """.formatted(GATEWAY, plc.port(), server.mqttPort(), GATEWAY, password));
            try (FelixGateway gateway = FelixGateway.start(site, dir.resolve("felix"));
                    Browser browser = new Browser("http://127.0.0.1:" + server.httpPort(), 1400, 1000)) {
                await("gateway online with its devices").atMost(ofSeconds(60)).until(() -> {
                    JsonNode g = server.get("/api/v1/gateways/" + GATEWAY);
                    return g.path("online").asBoolean() && g.path("devices").has("ps-io");
                });
                await("low level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(0.3,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));

                FleetServerProcess.Answer refused = command(server, RUN_PUMP_1);
                assertEquals(200, refused.status(), refused.json().toString());
                assertEquals("REFUSED_INTERLOCK", refused.json().path("status").asText(), refused.json().toString());
                String why = refused.json().path("answerReason").asText();
                assertTrue(why.contains("dry-run protection") && why.contains("wet_well_level is 0.3"), why);
                assertFalse(Boolean.TRUE.equals(gateway.reading("ps-io", "pump1_run").value()), "pump 1 stays off");
                browser.login("operator", "operator");
                assertTrue(commandInBrowser(browser, "UI at a low well").contains("REFUSED_INTERLOCK"));
                browser.screenshot("command-it-ps-01-refused");
                assertFalse(Boolean.TRUE.equals(gateway.reading("ps-io", "pump1_run").value()), "pump 1 stays off");

                bank.set("wet_well_level", 2.0);
                await("high level read").atMost(ofSeconds(30)).untilAsserted(() -> assertEquals(2.0,
                        gateway.reading("ps-plc", "wet_well_level").numberValue(), 0.01));
                assertTrue(commandInBrowser(browser, "UI at a high well").contains("DONE"));
                browser.screenshot("command-it-ps-01-done");
                await("pump 1's relay on").atMost(ofSeconds(10))
                        .until(() -> Boolean.TRUE.equals(gateway.reading("ps-io", "pump1_run").value()));
                FleetServerProcess.Answer done = command(server, RUN_PUMP_1);
                assertEquals(200, done.status(), done.json().toString());
                assertEquals("DONE", done.json().path("status").asText(), done.json().toString());
                await("pump 1's relay on").atMost(ofSeconds(10))
                        .until(() -> Boolean.TRUE.equals(gateway.reading("ps-io", "pump1_run").value()));

                JsonNode log = server.get("/api/v1/gateways/" + GATEWAY + "/commands");
                assertEquals(4, log.path("total").asLong(), log.toString());
                assertEquals(done.json().path("id").asText(), log.path("items").get(0).path("id").asText());
                List<String> statuses = new ArrayList<>();
                log.path("items").forEach(c -> statuses.add(c.path("status").asText()));
                assertEquals(List.of("DONE", "DONE", "REFUSED_INTERLOCK", "REFUSED_INTERLOCK"), statuses);
                assertEquals("UI at a low well", log.path("items").get(2).path("reason").asText(), log.toString());
                assertEquals("operator", log.path("items").get(3).path("operator").asText());
                assertEquals(why, log.path("items").get(3).path("answerReason").asText());

                JsonNode sent = server.get("/api/v1/audit?gateway=" + GATEWAY + "&action=COMMAND_SENT");
                assertEquals(4, sent.path("total").asLong(), sent.toString());
                sent.path("items").forEach(e -> assertEquals("operator", e.path("actor").asText(), e.toString()));
                assertEquals(4, server.get("/api/v1/audit?gateway=" + GATEWAY + "&action=COMMAND_ANSWERED")
                        .path("total").asLong());
            }
        }
    }

    /** Run pump 1 from the gateway page's command button, confirmed with a reason; the answer the page shows. */
    private static String commandInBrowser(Browser browser, String reason) {
        browser.waiting().until(d -> d.getCurrentUrl().contains("/ui/")); // the login's redirect has landed
        browser.driver.get(browser.base + "/ui/#/gateway/" + GATEWAY);
        browser.driver.navigate().refresh();
        By run = By.cssSelector("button.command[data-device='ps-io'][data-channel='pump1_run'][data-value='true']");
        browser.waiting().until(ExpectedConditions.elementToBeClickable(run)).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("command-confirm")));
        browser.driver.findElement(By.id("command-reason")).sendKeys(reason);
        browser.driver.findElement(By.id("command-confirm-ok")).click();
        return browser.waiting().until(d -> {
            String text = d.findElement(By.id("command-result")).getText();
            return text.contains("DONE") || text.contains("REFUSED") || text.contains("TIMED_OUT") ? text : null;
        });
    }

    private static FleetServerProcess.Answer command(FleetServerProcess server, String body) throws Exception {
        return server.as("operator", "POST", "/api/v1/gateways/" + GATEWAY + "/commands", body);
    }
}
