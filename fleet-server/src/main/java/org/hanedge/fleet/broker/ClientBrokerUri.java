package org.hanedge.fleet.broker;

import org.hanedge.fleet.config.FleetProperties;
import org.springframework.stereotype.Component;

/**
 * The broker URI to give a gateway or backend together with its credential: the external broker's URI, or the
 * embedded broker's TLS listener ({@code ssl://}) when there is one, else its TCP listener. When the broker listens
 * on all addresses, the host the administrator used to reach the API is the best guess of a reachable host.
 */
@Component
public class ClientBrokerUri {
    private final FleetProperties.Mqtt mqtt;

    public ClientBrokerUri(FleetProperties properties) {
        this.mqtt = properties.mqtt();
    }

    /** @param requestHost host name of the current API request, used when the broker is bound to all addresses */
    public String forClients(String requestHost) {
        if (!mqtt.embedded()) {
            return mqtt.externalUri();
        }
        String bind = mqtt.bindAddress();
        String host = bind == null || bind.isBlank() || "0.0.0.0".equals(bind) || "::".equals(bind)
                ? (requestHost == null || requestHost.isBlank() ? "localhost" : requestHost) : bind;
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return mqtt.tlsPort() > 0 ? "ssl://" + host + ":" + mqtt.tlsPort() : "tcp://" + host + ":" + mqtt.port();
    }
}
