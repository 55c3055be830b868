package org.hanedge.contract.mqtt;

/**
 * A parsed topic: {@code hanedge/v1/{gatewayId}/{kind}[/{name}]}.
 *
 * @param gatewayId the gateway
 * @param kind      the kind
 * @param name      the command name for {@link TopicKind#named()} kinds, otherwise null
 */
public record GatewayTopic(String gatewayId, TopicKind kind, String name) {
    /** The topic text again. */
    public String topic() {
        return kind.named() ? Topics.named(gatewayId, kind, name) : Topics.of(gatewayId, kind);
    }
}
