package org.hanedge.fleet.broker;

import java.util.Optional;

import org.hanedge.fleet.credential.MqttPrincipal;
import org.hanedge.fleet.credential.MqttRole;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;

/** The principal of an authenticated connection, kept in HiveMQ's per-connection attribute store. */
final class ConnectionPrincipal {
    private static final String USER = "hanedge.user";
    private static final String ROLE = "hanedge.role";
    private static final String GATEWAY = "hanedge.gateway";

    private ConnectionPrincipal() {
    }

    static void store(ConnectionAttributeStore store, MqttPrincipal p) {
        store.putAsString(USER, p.username());
        store.putAsString(ROLE, p.role().name());
        if (p.gatewayId() != null) {
            store.putAsString(GATEWAY, p.gatewayId());
        }
    }

    static Optional<MqttPrincipal> read(ConnectionAttributeStore store) {
        Optional<String> user = store.getAsString(USER);
        Optional<String> role = store.getAsString(ROLE);
        if (user.isEmpty() || role.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new MqttPrincipal(user.get(), MqttRole.valueOf(role.get()), store.getAsString(GATEWAY).orElse(null)));
    }
}
