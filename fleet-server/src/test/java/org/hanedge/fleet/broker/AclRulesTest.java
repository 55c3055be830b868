package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.hanedge.fleet.credential.MqttPrincipal;
import org.hanedge.fleet.credential.MqttRole;
import org.junit.jupiter.api.Test;

class AclRulesTest {
    private final MqttPrincipal gw = new MqttPrincipal("GW-1", MqttRole.GATEWAY, "GW-1");
    private final MqttPrincipal backend = new MqttPrincipal("backend-city", MqttRole.BACKEND, null);
    private final MqttPrincipal server = new MqttPrincipal("hanedge-server", MqttRole.SERVER, null);

    @Test
    void aGatewayPublishesItsOwnUplinkTopicsOnly() {
        for (String t : new String[] {"telemetry", "alarm", "event", "state", "stats", "config/reported", "cmd-res/write", "time/req"}) {
            assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-1/" + t)).as(t).isTrue();
        }
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-1/cmd-res/a/b")).as("a command name is one level (contract)")
                .isFalse();
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-2/telemetry")).isFalse();
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-1/cmd/write")).isFalse();
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-1/config/desired")).isFalse();
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-1/telemetry/extra")).isFalse();
        assertThat(AclRules.mayPublish(gw, "other")).isFalse();
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-1/time/res")).as("answers come from the server").isFalse();
        assertThat(AclRules.mayPublish(gw, "hanedge/v1/GW-2/time/req")).isFalse();
        assertThat(AclRules.forPrincipal(gw)).filteredOn(r -> r.activity() == AclRule.Activity.SUBSCRIBE)
                .extracting(AclRule::topicFilter).contains("hanedge/v1/GW-1/time/res")
                .doesNotContain("hanedge/v1/+/time/res");
    }

    @Test
    void theBackendPublishesNothingAndTheServerAnything() {
        assertThat(AclRules.mayPublish(backend, "hanedge/v1/GW-1/telemetry")).isFalse();
        assertThat(AclRules.forPrincipal(backend)).allMatch(r -> r.activity() == AclRule.Activity.SUBSCRIBE)
                .extracting(AclRule::topicFilter).containsExactly("hanedge/v1/+/telemetry", "hanedge/v1/+/alarm", "hanedge/v1/+/state",
                        "hanedge/v1/+/event");
        assertThat(AclRules.mayPublish(server, "hanedge/v1/GW-1/cmd/write")).isTrue();
    }

    @Test
    void clientIds() {
        assertThat(AclRules.clientIdAllowed(gw, "GW-1")).isTrue();
        assertThat(AclRules.clientIdAllowed(gw, "GW-1.x")).isFalse();
        assertThat(AclRules.clientIdAllowed(backend, "backend-city")).isTrue();
        assertThat(AclRules.clientIdAllowed(backend, "backend-city.ingest-2")).isTrue();
        assertThat(AclRules.clientIdAllowed(backend, "backend-city-2")).as("another backend's name space").isFalse();
        assertThat(AclRules.clientIdAllowed(backend, "GW-1")).isFalse();
        assertThat(AclRules.clientIdAllowed(server, "anything")).isTrue();
    }

    @Test
    void topicMatching() {
        assertThat(AclRules.matches("a/+/c", "a/b/c")).isTrue();
        assertThat(AclRules.matches("a/+/c", "a/b/d")).isFalse();
        assertThat(AclRules.matches("a/#", "a")).isTrue();
        assertThat(AclRules.matches("a/#", "a/b/c")).isTrue();
        assertThat(AclRules.matches("a/b", "a/b/c")).isFalse();
        assertThat(AclRules.matches("#", "$SYS/x")).isFalse();
        assertThat(AclRules.matches("a/b", "a")).isFalse();
    }
}
