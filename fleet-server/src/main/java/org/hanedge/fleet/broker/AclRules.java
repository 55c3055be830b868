package org.hanedge.fleet.broker;

import java.util.ArrayList;
import java.util.List;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.credential.MqttPrincipal;

/**
 * The topic permissions of each role (default: deny), as topic filters built by the contract's {@link Topics}
 * (a gateway's {@link Topics#root root}, docs/uplink.md).
 * <ul>
 * <li>GATEWAY: publish {@code telemetry, alarm, event, state, stats, config/reported, cmd-res/+, time/req} under its
 * own root; subscribe {@code cmd/+}, {@code config/desired} and {@code time/res} under its own root; nothing
 * shared.</li>
 * <li>BACKEND: subscribe (plain or shared) {@code telemetry, alarm, state, event} of every gateway
 * ({@link Topics#filter(TopicKind)}); publish nothing.</li>
 * <li>MONITOR (demo mode only): subscribe (plain) {@code telemetry, alarm, event, state, stats} of every gateway;
 * publish nothing.</li>
 * <li>SERVER: everything, including shared subscriptions.</li>
 * </ul>
 */
public final class AclRules {
    static final List<TopicKind> GATEWAY_PUBLISH = List.of(TopicKind.TELEMETRY, TopicKind.ALARM, TopicKind.EVENT,
            TopicKind.STATE, TopicKind.STATS, TopicKind.CONFIG_REPORTED, TopicKind.COMMAND_RESPONSE,
            TopicKind.TIME_REQUEST);
    static final List<TopicKind> GATEWAY_SUBSCRIBE = List.of(TopicKind.COMMAND, TopicKind.CONFIG_DESIRED,
            TopicKind.TIME_RESPONSE);
    static final List<TopicKind> BACKEND_SUBSCRIBE = List.of(TopicKind.TELEMETRY, TopicKind.ALARM, TopicKind.STATE,
            TopicKind.EVENT);
    static final List<TopicKind> MONITOR_SUBSCRIBE = List.of(TopicKind.TELEMETRY, TopicKind.ALARM, TopicKind.EVENT,
            TopicKind.STATE, TopicKind.STATS);

    private AclRules() {
    }

    public static List<AclRule> forPrincipal(MqttPrincipal principal) {
        List<AclRule> rules = new ArrayList<>();
        switch (principal.role()) {
            case GATEWAY -> {
                String gw = principal.gatewayId();
                GATEWAY_PUBLISH.forEach(k -> rules.add(new AclRule(Topics.filter(gw, k), AclRule.Activity.PUBLISH, AclRule.Shared.NOT_SHARED)));
                GATEWAY_SUBSCRIBE.forEach(k -> rules.add(new AclRule(Topics.filter(gw, k), AclRule.Activity.SUBSCRIBE, AclRule.Shared.NOT_SHARED)));
            }
            case BACKEND -> BACKEND_SUBSCRIBE.forEach(k -> rules.add(new AclRule(Topics.filter(k), AclRule.Activity.SUBSCRIBE, AclRule.Shared.ALL)));
            case MONITOR -> MONITOR_SUBSCRIBE.forEach(k -> rules.add(new AclRule(Topics.filter(k), AclRule.Activity.SUBSCRIBE, AclRule.Shared.NOT_SHARED)));
            case SERVER -> rules.add(new AclRule("#", AclRule.Activity.ALL, AclRule.Shared.ALL));
        }
        return List.copyOf(rules);
    }

    /**
     * Whether a client may connect with this client id: a gateway only with its user name (= its id), a backend with
     * its user name or {@code <username>.<anything>} (several instances; '.' cannot occur in a backend name, so one
     * backend cannot take another's client ids), a monitor only with its user name, the server with any.
     */
    public static boolean clientIdAllowed(MqttPrincipal principal, String clientId) {
        return switch (principal.role()) {
            case GATEWAY, MONITOR -> principal.username().equals(clientId);
            case BACKEND -> clientId.equals(principal.username()) || clientId.startsWith(principal.username() + ".");
            case SERVER -> true;
        };
    }

    /** Whether the principal may publish on this topic (a topic name, no wildcards). */
    public static boolean mayPublish(MqttPrincipal principal, String topic) {
        return forPrincipal(principal).stream()
                .anyMatch(r -> r.activity() != AclRule.Activity.SUBSCRIBE && matches(r.topicFilter(), topic));
    }

    /** MQTT topic matching: {@code +} is one level, a trailing {@code #} is the parent level and everything below. */
    static boolean matches(String filter, String topic) {
        String[] f = filter.split("/", -1);
        String[] t = topic.split("/", -1);
        if (t.length > 0 && t[0].startsWith("$") && (f[0].equals("#") || f[0].equals("+"))) {
            return false;
        }
        for (int i = 0; i < f.length; i++) {
            if (f[i].equals("#")) {
                return true;
            }
            if (i >= t.length || !(f[i].equals("+") || f[i].equals(t[i]))) {
                return false;
            }
        }
        return f.length == t.length;
    }
}
