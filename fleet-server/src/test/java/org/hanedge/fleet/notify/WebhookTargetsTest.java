package org.hanedge.fleet.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.hanedge.fleet.config.FleetProperties;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

class WebhookTargetsTest {

    @Test
    void settingsBindPerDomainAndCatchAll() {
        Binder binder = new Binder(new MapConfigurationPropertySource(Map.of(
                "hanedge.fleet.webhooks.pump-station.url", "https://ops.example.org/hooks/pumps",
                "hanedge.fleet.webhooks.pump-station.secret", "s1",
                "hanedge.fleet.webhooks.[*].url", "https://ops.example.org/hooks/all",
                "hanedge.fleet.webhooks.[*].secret", "s2",
                "hanedge.fleet.alarms.offline-after-by-kind.waste-truck", "30m")));
        FleetProperties p = binder.bindOrCreate("hanedge.fleet", FleetProperties.class);
        assertThat(p.webhooks()).containsOnlyKeys("pump-station", "*");
        assertThat(p.alarms().offlineAfter("waste-truck")).hasMinutes(30);
        assertThat(p.alarms().offlineAfter("lake")).hasMinutes(5);
        assertThat(p.webhookDelivery().maxAttempts()).isEqualTo(12);

        WebhookTargets t = new WebhookTargets(p);
        assertThat(t.forDomain("pump-station")).extracting(WebhookTargets.Target::key)
                .containsExactly("pump-station", "*");
        assertThat(t.forDomain("lake")).extracting(WebhookTargets.Target::key).containsExactly("*");
        assertThat(t.forDomain(null)).extracting(WebhookTargets.Target::key).containsExactly("*");
        assertThat(p.webhooks().get("*").toString()).doesNotContain("s2");
        assertThat(t.byKey("*").orElseThrow().toString()).doesNotContain("s2").contains("ops.example.org");
    }

    @Test
    void badHooksAreRefusedNamingTheSetting() {
        assertThatThrownBy(() -> new WebhookTargets(Map.of("lake", new FleetProperties.Webhook("https://x.org/h", " "))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("hanedge.fleet.webhooks.lake.secret");
        assertThatThrownBy(() -> new WebhookTargets(Map.of("lake", new FleetProperties.Webhook("ftp://x.org/h", "s"))))
                .hasMessageContaining("hanedge.fleet.webhooks.lake.url");
        assertThatThrownBy(() -> new WebhookTargets(Map.of("lake", new FleetProperties.Webhook(null, "s"))))
                .hasMessageContaining("hanedge.fleet.webhooks.lake.url is required");
    }
}
