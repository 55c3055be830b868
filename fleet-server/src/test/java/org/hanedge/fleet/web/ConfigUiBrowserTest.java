package org.hanedge.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.fleet.FleetServerApplication;
import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.TestGateway;
import org.hanedge.fleet.credential.MqttCredentialService;
import org.hanedge.fleet.profile.ProfileCatalog;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.hanedge.fleet.registry.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The operators' configuration, command, push and audit views in a real browser (Debian's headless Chromium) against
 * a real demo-mode server (own data directory, embedded broker) and a real MQTT gateway client that applies every
 * desired configuration it receives (answers APPLIED on config/reported) and answers every command DONE on its
 * response topic. Screenshots go to {@code target/ui-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfigUiBrowserTest {
    private static final String GW = "UIC-PUMP";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ConfigurableApplicationContext ctx;
    private static Browser browser;
    private static TestGateway gateway;
    private static final List<DesiredConfig> desired = new CopyOnWriteArrayList<>();
    private static final List<JsonNode> commands = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        Path data = Files.createTempDirectory("fleet-config-ui-test");
        int mqttPort = FleetServerTest.freePort();
        ctx = new SpringApplicationBuilder(FleetServerApplication.class).run("--server.port=0",
                "--hanedge.fleet.data-dir=" + data, "--hanedge.fleet.mqtt.port=" + mqttPort,
                "--hanedge.fleet.mqtt.bind-address=127.0.0.1", "--hanedge.fleet.demo=true",
                "--hanedge.fleet.profiles-dir=" + FleetServerTest.projectPath("device-profiles"));
        ctx.getBean(GatewayRegistry.class).register(List.of(
                new Site(GW, "pump-station", "Test pump station", "Trạm bơm Thử", "Cam Le", 16.02, 108.21,
                        "pump-station", null, List.of("uic"), List.of("pump-station")),
                new Site("UIC-LAKE", "lake", "Test lake", "Hồ Thử", "Thanh Khe", 16.07, 108.19, "lake", null,
                        List.of(), List.of("lake"))));
        String password = ctx.getBean(MqttCredentialService.class).issueForGateway(GW).password();
        gateway = TestGateway.connect(GW, password, mqttPort);
        // the gateway's config agent and command handler, as far as the server can see them
        gateway.subscribe(TopicKind.CONFIG_DESIRED, p -> {
            DesiredConfig d;
            try {
                d = ConfigDocuments.readDesired(p.getPayloadAsBytes());
            } catch (org.hanedge.contract.config.ConfigDocumentException e) {
                throw new IllegalStateException(e);
            }
            desired.add(d);
            gateway.reportConfig(ConfigDocuments.write(new ReportedConfig(GW, d.version(), ConfigStatus.APPLIED,
                    List.of(), d.version(), Instant.now())));
        });
        gateway.subscribe(TopicKind.COMMAND, p -> {
            try {
                JsonNode request = JSON.readTree(p.getPayloadAsBytes());
                commands.add(request);
                gateway.answerCommand(p, request.path("id").asText(), "DONE", null);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        String v = ctx.getBean(ProfileCatalog.class).profile("pump-station").orElseThrow().version();
        gateway.birth("{\"ps-io\":\"pump-station@" + v + "\"}");
        browser = new Browser(base(), 1440, 900);
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.close();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (ctx != null) {
            ctx.close();
        }
    }

    private static String base() {
        return "http://localhost:" + ctx.getBean(Environment.class).getProperty("local.server.port");
    }

    private static String text(String css) {
        return browser.driver.findElement(By.cssSelector(css)).getText();
    }

    private static String attr(String css, String name) {
        return browser.driver.findElement(By.cssSelector(css)).getDomAttribute(name);
    }

    static String site(int unitId) {
        return ConfigUiApiTest.site(GW, unitId);
    }

    /** Puts text into the editor as a paste would (one input event). */
    private static void setEditor(String value) {
        browser.js("const e = document.getElementById('config-editor'); e.value = arguments[0];"
                + "e.dispatchEvent(new Event('input'));", value);
    }

    private static void waitProblems(String state) {
        browser.waiting().until(d -> state.equals(d.findElement(By.id("config-problems")).getDomAttribute("data-state")));
    }

    @Test
    @Order(1)
    void theLineDiffOfTheUiFindsInsertionsAndDeletions() {
        browser.login("operator", "operator");
        browser.waiting().until(ExpectedConditions.urlContains("/ui/"));
        Object diff = browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/assets/js/diff.js').then(m => done(m.lineDiff('a\\nb\\nc', 'a\\nc\\nd')"
                + ".map(x => x.op + x.line).join('|')));");
        assertThat(diff).isEqualTo(" a|-b| c|+d");
        assertThat(browser.driver.executeAsyncScript("const done = arguments[arguments.length - 1];"
                + "import('/ui/assets/js/diff.js').then(m => done(m.lineDiff('', 'x').map(x => x.op + x.line).join('|')"
                + " + '/' + m.changed(m.lineDiff('same', 'same'))));")).isEqualTo("+x/false");
    }

    @Test
    @Order(2)
    void anOperatorSeesProblemsWhileTypingFixesThemAndPushesUntilTheGatewayApplies() {
        browser.driver.get(base() + "/ui/#/gateway/" + GW);
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("tab-config"))).click();
        browser.waiting().until(ExpectedConditions.urlContains("/ui/#/gateway/" + GW + "/config"));
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#config-editor[data-loaded='true']")).isEmpty());
        assertThat(text("#config-note")).contains("No configuration version yet");
        assertThat(text("#config-desired-version")).isEqualTo("–");
        assertThat(text("#config-sync")).isEqualTo("—");
        // the skeleton it starts from is checked at once: no devices, no uplink
        waitProblems("invalid");

        setEditor(site(1));
        waitProblems("valid");
        assertThat(text("#config-origins")).contains("devices").contains("gateway");

        // typing a third digit into the unit id: 30 -> 300
        String thirty = site(30);
        setEditor(thirty);
        waitProblems("valid");
        WebElement editor = browser.driver.findElement(By.id("config-editor"));
        int at = thirty.indexOf("\"unitId\": 30") + "\"unitId\": 30".length();
        browser.js("const e = document.getElementById('config-editor'); e.focus(); e.setSelectionRange(arguments[0], arguments[0]);", at);
        editor.sendKeys("0");
        waitProblems("invalid");
        browser.waiting().until(d -> d.findElement(By.id("config-problems")).getText().contains("devices[0].modbus.unitId"));
        assertThat(attr("#config-problems li", "data-path")).isEqualTo("devices[0].modbus.unitId");
        assertThat(text("#config-problems")).contains("300");
        browser.screenshot("20-config-problem");

        editor.sendKeys(Keys.BACK_SPACE);
        waitProblems("valid");
        assertThat(editor.getDomProperty("value")).contains("\"unitId\": 30}");

        browser.driver.findElement(By.id("config-push")).click();
        assertThat(text("#config-push-status")).contains("reason");
        assertThat(desired).isEmpty();
        browser.driver.findElement(By.id("config-reason")).sendKeys("new PLC unit id after the panel rework");
        browser.driver.findElement(By.id("config-push")).click();

        browser.waiting().until(d -> d.findElement(By.id("config-reported-status")).getText().contains("APPLIED"));
        // the tab follows the report and reloads once it is final
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#config-editor[data-followed='1']")).isEmpty());
        assertThat(text("#config-reported-status")).contains("APPLIED");
        assertThat(desired).hasSize(1);
        assertThat(desired.get(0).version()).isEqualTo(1);
        assertThat(desired.get(0).reason()).isEqualTo("new PLC unit id after the panel rework");
        assertThat(desired.get(0).author()).isEqualTo("operator");
        assertThat(desired.get(0).site().toString()).contains("unitId=30");
        assertThat(attr("#config-sync", "data-sync")).isEqualTo("IN_SYNC");
        assertThat(text("#config-sync")).isEqualTo("in sync");
        assertThat(text("#config-desired-version")).isEqualTo("1");
        assertThat(text("#config-diff-inforce")).contains("runs the latest version");
        assertThat(text("#config-history")).contains("new PLC unit id after the panel rework").contains("operator");
        // a toast may cover the row for a few seconds: click until the version shows
        browser.waiting().until(d -> {
            try {
                d.findElement(By.cssSelector("#config-history tr[data-version='1']")).click();
                return d.findElement(By.id("config-version-diff")).getText().contains("+");
            } catch (org.openqa.selenium.NoSuchElementException
                    | org.openqa.selenium.ElementClickInterceptedException e) {
                return false;
            }
        });
        assertThat(text("#config-version-diff")).contains("\"unitId\": 30");
        assertThat(text("#config-reports")).contains("APPLIED");
        browser.screenshot("21-config-applied");
    }

    @Test
    @Order(3)
    void aViewerSeesTheConfigurationReadOnlyAndTheServerRefusesTheirChange() throws Exception {
        browser.login("viewer", "viewer");
        browser.waiting().until(ExpectedConditions.urlContains("/ui/"));
        browser.driver.get(base() + "/ui/#/gateway/" + GW + "/config");
        browser.waiting().until(d -> d.findElement(By.id("config-reported-status")).getText().contains("APPLIED"));
        assertThat(browser.driver.findElements(By.id("config-push"))).isEmpty();
        assertThat(browser.driver.findElements(By.id("config-reason"))).isEmpty();
        assertThat(attr("#config-editor", "readonly")).isNotNull();
        assertThat(text("#config-readonly")).contains("read-only");
        assertThat(browser.driver.findElement(By.id("nav-audit")).isDisplayed()).isFalse();
        browser.screenshot("22-config-viewer");

        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(base() + "/api/v1/gateways/" + GW + "/config"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("viewer:viewer".getBytes()))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"site\": " + site(31) + ", \"reason\": \"viewer\"}"))
                .build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(desired).hasSize(1);

        browser.driver.get(base() + "/ui/#/gateway/" + GW);
        browser.waiting().until(d -> d.findElement(By.id("gw-commands")).getText().contains("Viewers cannot send"));
        assertThat(browser.driver.findElements(By.cssSelector("button.command"))).isEmpty();
    }

    @Test
    @Order(4)
    void theFleetTableFiltersByConfigurationSync() {
        browser.login("operator", "operator");
        browser.waiting().until(ExpectedConditions.urlContains("/ui/"));
        browser.driver.get(base() + "/ui/#/fleet");
        browser.waiting().until(d -> !d.findElements(By.cssSelector("#fleet-table tbody tr[data-id='UIC-LAKE']")).isEmpty());
        assertThat(text("#fleet-table tr[data-id='UIC-LAKE'] td.sync")).isEqualTo("—");
        new Select(browser.driver.findElement(By.id("filter-sync"))).selectByValue("IN_SYNC");
        browser.waiting().until(d -> "1".equals(d.findElement(By.id("fleet-info")).getDomAttribute("data-total")));
        assertThat(text("#fleet-table tr[data-id='" + GW + "'] td.sync")).isEqualTo("in sync");
        browser.screenshot("23-fleet-sync");
        new Select(browser.driver.findElement(By.id("filter-sync"))).selectByValue("NONE");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#fleet-table tbody tr[data-id='" + GW + "']")).isEmpty()
                && !d.findElements(By.cssSelector("#fleet-table tbody tr[data-id='UIC-LAKE']")).isEmpty());
        new Select(browser.driver.findElement(By.id("filter-sync"))).selectByValue("");
    }

    @Test
    @Order(5)
    void aCommandIsConfirmedReachesTheGatewayAndItsAnswerShows() {
        browser.driver.get(base() + "/ui/#/gateway/" + GW);
        WebElement button = browser.waiting().until(ExpectedConditions.elementToBeClickable(By.cssSelector(
                "button.command[data-device='ps-io'][data-channel='pump1_run'][data-value='true']")));
        button.click();
        WebElement dialog = browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("command-confirm")));
        assertThat(dialog.getText()).contains(GW).contains("ps-io").contains("pump1_run").contains("true");
        browser.driver.findElement(By.id("command-reason")).sendKeys("storm: start pump 1 early");
        browser.js("document.getElementById('gw-commands').scrollIntoView()");
        browser.screenshot("24-command-confirm");
        browser.driver.findElement(By.id("command-confirm-ok")).click();
        browser.waiting().until(d -> d.findElement(By.id("command-result")).getText().contains("DONE"));
        assertThat(commands).hasSize(1);
        assertThat(commands.get(0).path("device").asText()).isEqualTo("ps-io");
        assertThat(commands.get(0).path("channel").asText()).isEqualTo("pump1_run");
        assertThat(commands.get(0).path("value").asBoolean()).isTrue();
        browser.waiting().until(d -> d.findElement(By.id("command-log")).getText().contains("storm: start pump 1 early"));
        assertThat(text("#command-log")).contains("DONE").contains("operator");
        browser.js("document.getElementById('gw-commands').scrollIntoView()");
        browser.screenshot("25-command-done");

        // cancelled: nothing sent
        browser.driver.findElement(By.cssSelector("button.command[data-channel='pump2_run'][data-value='false']")).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("command-cancel"))).click();
        browser.waiting().until(ExpectedConditions.invisibilityOfElementLocated(By.id("command-confirm")));
        assertThat(commands).hasSize(1);
    }

    @Test
    @Order(6)
    void aGroupPushIsPreviewedThenFollowedPerGateway() {
        browser.driver.get(base() + "/ui/#/fleet");
        browser.waiting().until(ExpectedConditions.elementToBeClickable(By.id("push-open"))).click();
        browser.waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("push-dialog")));
        new Select(browser.driver.findElement(By.id("push-group"))).selectByValue("tag:uic");
        browser.waiting().until(d -> "tag:uic".equals(d.findElement(By.id("push-layer-info")).getDomAttribute("data-group")));
        assertThat(text("#push-layer-info")).contains("no layer");
        browser.js("document.getElementById('push-layer').value = arguments[0];",
                "{\"remoteConfig\": {\"healthWindow\": \"90s\"}}");
        browser.driver.findElement(By.id("push-preview-button")).click();
        browser.waiting().until(d -> "1".equals(d.findElement(By.id("push-preview")).getDomAttribute("data-total")));
        assertThat(text("#push-preview tr[data-gateway='" + GW + "']")).contains("changed");
        assertThat(desired).hasSize(1);
        browser.screenshot("26-push-preview");

        browser.driver.findElement(By.id("push-reason")).sendKeys("longer health window for the rainy season");
        browser.driver.findElement(By.id("push-confirm")).click();
        browser.waiting().until(d -> "true".equals(d.findElement(By.id("push-progress")).getDomAttribute("data-done")));
        assertThat(text("#push-progress")).contains("1 / 1").contains("APPLIED");
        assertThat(desired).hasSize(2);
        assertThat(desired.get(1).site().toString()).contains("healthWindow=90s").contains("unitId=30");
        browser.screenshot("27-push-progress");
        browser.driver.findElement(By.id("push-close")).click();
    }

    @Test
    @Order(7)
    void theAuditPageListsThePushAndTheCommand() {
        browser.driver.get(base() + "/ui/#/audit");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#audit-table tbody tr[data-action]")).size() > 3);
        String all = text("#audit-table");
        assertThat(all).contains("CONFIG_CHANGED").contains("CONFIG_PUSHED").contains("COMMAND_SENT").contains(GW)
                .contains("new PLC unit id after the panel rework").contains("operator");
        new Select(browser.driver.findElement(By.id("a-action"))).selectByValue("COMMAND_SENT");
        browser.waiting().until(d -> d.findElements(By.cssSelector("#audit-table tbody tr[data-action]")).stream()
                .allMatch(r -> "COMMAND_SENT".equals(r.getDomAttribute("data-action"))));
        assertThat(text("#audit-table")).contains("pump1_run");
        assertThat(attr("#audit-info", "data-total")).isEqualTo("1");
        browser.screenshot("28-audit");
    }
}
