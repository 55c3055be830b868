package org.hanedge.fleet.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import org.hanedge.fleet.FleetServerTest;
import org.hanedge.fleet.security.CreateOperatorRequest;
import org.hanedge.fleet.security.OperatorService;
import org.hanedge.fleet.security.Role;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The profiles page ({@code #/profiles}) in Debian's headless Chromium against the shared full-stack server: the
 * library's list, a version's YAML, an operator's upload refused with its line, then stored; a viewer has no upload.
 * Screenshots: {@code target/ui-screenshots/profiles-*.png}.
 */
class ProfilesPageBrowserTest extends FleetServerTest {
    private static final String PASSWORD = "profiles-page-test-password";

    @LocalServerPort
    int port;
    @Autowired
    OperatorService operators;
    @Autowired
    JdbcClient jdbc;

    private void account(String name, Role role) {
        if (jdbc.sql("SELECT COUNT(*) FROM operator WHERE username = ?").param(name).query(Long.class).single() == 0) {
            operators.create(new CreateOperatorRequest(name, null, role, PASSWORD));
        }
    }

    private static void setText(Browser b, String id, String text) {
        b.js("document.getElementById(arguments[0]).value = arguments[1];", id, text);
    }

    @Test
    void operatorsSeeUploadAndGetTheParsersProblemsByLine() throws Exception {
        account("pp-ui-operator", Role.OPERATOR);
        account("pp-ui-viewer", Role.VIEWER);
        String lake = Files.readString(projectPath("device-profiles/lake.yaml"), StandardCharsets.UTF_8);
        try (Browser b = new Browser("http://127.0.0.1:" + port, 1440, 900)) {
            b.login("pp-ui-operator", PASSWORD);
            b.driver().get(b.base + "/#/profiles");
            b.waiting().until(d -> d.findElements(By.cssSelector("#profile-table tr[data-profile='lake']")).size() > 0);
            b.driver().findElement(By.cssSelector(".profile-view[data-profile='lake']")).click();
            b.waiting().until(d -> d.findElement(By.id("profile-yaml")).getText().contains("profile: lake"));
            assertThat(b.driver().findElement(By.id("profile-yaml-title")).getText()).isEqualTo("lake 1.1.0");

            String broken = lake.replaceFirst("(?m)^profile: lake$", "profile: ui-buoy")
                    .replaceFirst("type: float32 }", "type: float33 }");
            int line = List.of(broken.split("\n")).indexOf(broken.lines().filter(l -> l.contains("float33"))
                    .findFirst().orElseThrow()) + 1;
            setText(b, "profile-upload-text", broken);
            b.driver().findElement(By.id("profile-upload")).click();
            b.waiting().until(d -> !d.findElements(By.cssSelector("#profile-upload-errors td")).isEmpty());
            String errors = b.driver().findElement(By.id("profile-upload-errors")).getText();
            assertThat(errors).contains("channels[0].source.type").contains("line " + line + ",").contains("float33");
            b.js("document.getElementById('profile-upload-result').scrollIntoView()");
            b.screenshot("profiles-refused");

            setText(b, "profile-upload-text", lake.replaceFirst("(?m)^profile: lake$", "profile: ui-buoy"));
            setText(b, "profile-upload-note", "from the browser");
            b.driver().findElement(By.id("profile-upload")).click();
            b.waiting().until(d -> d.findElement(By.id("profile-upload-result")).getText()
                    .equals("ui-buoy 1.1.0 stored"));
            b.waiting().until(d -> d.findElements(By.cssSelector("#profile-table tr[data-profile='ui-buoy']")).size()
                    == 1);
            assertThat(b.driver().findElement(By.cssSelector("#profile-table tr[data-profile='ui-buoy']")).getText())
                    .contains("from the browser").contains("pp-ui-operator");
            b.screenshot("profiles-operator");

            b.login("pp-ui-viewer", PASSWORD);
            b.driver().get(b.base + "/#/profiles");
            b.waiting().until(d -> d.findElements(By.cssSelector("#profile-table tr[data-profile='ui-buoy']")).size()
                    == 1);
            assertThat(b.driver().findElements(By.id("profile-upload-box"))).isEmpty();
            b.screenshot("profiles-viewer");
        }
    }
}
