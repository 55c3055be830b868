package org.hanedge.fleet.credential;

import java.util.Objects;

/**
 * An authenticated MQTT user.
 *
 * @param username  the MQTT user name
 * @param role      what it may do
 * @param gatewayId the gateway it is (role {@link MqttRole#GATEWAY} only, else null)
 */
public record MqttPrincipal(String username, MqttRole role, String gatewayId) {
    public MqttPrincipal {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(role, "role");
        if ((role == MqttRole.GATEWAY) != (gatewayId != null)) {
            throw new IllegalArgumentException("a gateway id is required for role GATEWAY and only for it");
        }
    }
}
