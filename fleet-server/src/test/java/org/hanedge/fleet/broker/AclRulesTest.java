package org.hanedge.fleet.broker;

import static org.assertj.core.api.Assertions.assertThat;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.credential.MqttPrincipal;
import org.hanedge.fleet.credential.MqttRole;
import org.junit.jupiter.api.Test;

class AclRulesTest {
    private final MqttPrincipal gw = new MqttPrincipal("GW-1", MqttRole.GATEWAY, "GW-1");
    private final MqttPrincipal backend = new MqttPrincipal("backend-city", MqttRole.BACKEND, null);
    private final MqttPrincipal server = new MqttPrincipal("hanedge-server", MqttRole.SERVER, null);
    private final MqttPrincipal monitor = new MqttPrincipal("monitor-wiretap", MqttRole.MONITOR, null);

    @Test
    void aGatewayPublishesItsOwnUplinkTopicsOnly() {
        for (TopicKind k : TopicKind.values()) {
            if (k.direction() == TopicKind.Direction.UP) {
                String t = k.named() ? Topics.named("GW-1", k, "write") : Topics.of("GW-1", k);
                assertThat(AclRules.mayPublish(gw, t)).as(t).isTrue();
            }
        }
        assertThat(AclRules.mayPublish(gw, Topics.commandResponse("GW-1", "a") + "/b"))
                .as("a command name is one level (contract)").isFalse();
        assertThat(AclRules.mayPublish(gw, Topics.of("GW-2", TopicKind.TELEMETRY))).isFalse();
        assertThat(AclRules.mayPublish(gw, Topics.command("GW-1", "write"))).isFalse();
        assertThat(AclRules.mayPublish(gw, Topics.of("GW-1", TopicKind.CONFIG_DESIRED))).isFalse();
        assertThat(AclRules.mayPublish(gw, Topics.of("GW-1", TopicKind.TELEMETRY) + "/extra")).isFalse();
        assertThat(AclRules.mayPublish(gw, "other")).isFalse();
        assertThat(AclRules.mayPublish(gw, Topics.of("GW-1", TopicKind.TIME_RESPONSE))).as("answers come from the server")
                .isFalse();
        assertThat(AclRules.mayPublish(gw, Topics.of("GW-2", TopicKind.TIME_REQUEST))).isFalse();
        assertThat(AclRules.forPrincipal(gw)).filteredOn(r -> r.activity() == AclRule.Activity.SUBSCRIBE)
                .extracting(AclRule::topicFilter).contains(Topics.of("GW-1", TopicKind.TIME_RESPONSE))
                .doesNotContain(Topics.filter(TopicKind.TIME_RESPONSE));
    }

    @Test
    void theBackendPublishesNothingAndTheServerAnything() {
        assertThat(AclRules.mayPublish(backend, Topics.of("GW-1", TopicKind.TELEMETRY))).isFalse();
        assertThat(AclRules.forPrincipal(backend)).allMatch(r -> r.activity() == AclRule.Activity.SUBSCRIBE)
                .extracting(AclRule::topicFilter).containsExactly(Topics.filter(TopicKind.TELEMETRY),
                        Topics.filter(TopicKind.ALARM), Topics.filter(TopicKind.STATE), Topics.filter(TopicKind.EVENT));
        assertThat(AclRules.mayPublish(server, Topics.command("GW-1", "write"))).isTrue();
    }

    @Test
    void aMonitorReadsTheBackendsKindsAndStatsPlainOnly() {
        assertThat(AclRules.forPrincipal(monitor)).allMatch(r -> r.activity() == AclRule.Activity.SUBSCRIBE)
                .allMatch(r -> r.shared() == AclRule.Shared.NOT_SHARED)
                .extracting(AclRule::topicFilter).containsExactlyInAnyOrder(Topics.filter(TopicKind.TELEMETRY),
                        Topics.filter(TopicKind.ALARM), Topics.filter(TopicKind.EVENT), Topics.filter(TopicKind.STATE),
                        Topics.filter(TopicKind.STATS));
        assertThat(AclRules.mayPublish(monitor, Topics.of("GW-1", TopicKind.STATS))).isFalse();
        assertThat(AclRules.mayPublish(monitor, Topics.command("GW-1", "write"))).isFalse();
        assertThat(AclRules.clientIdAllowed(monitor, "monitor-wiretap")).isTrue();
        assertThat(AclRules.clientIdAllowed(monitor, "monitor-wiretap.2")).isFalse();
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
