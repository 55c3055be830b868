package org.hanedge.fleet.broker;

import java.net.URI;
import java.net.URISyntaxException;

import org.hanedge.fleet.config.FleetProperties;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.stereotype.Component;

/**
 * The server's access to an external MQTT 5 broker ({@code hanedge.fleet.mqtt.mode=external}): URI, user name and
 * password from the settings. No broker runs in-process; authentication and ACLs are the external broker's job
 * (docs/fleet-broker.md). A missing or malformed URI fails start-up naming the setting.
 */
@Component
@ConditionalOnExpression("'${hanedge.fleet.mqtt.mode:embedded}'.equalsIgnoreCase('external')")
public class ExternalBrokerAccess implements ServerMqttAccess {
    private final MqttEndpoint endpoint;

    public ExternalBrokerAccess(FleetProperties properties) {
        FleetProperties.Mqtt mqtt = properties.mqtt();
        this.endpoint = parse(mqtt.externalUri(), mqtt.username(), mqtt.password());
    }

    @Override
    public MqttEndpoint endpoint() {
        return endpoint;
    }

    /** Parses {@code tcp://host[:port]} (default 1883) or {@code ssl://host[:port]} (default 8883). */
    static MqttEndpoint parse(String uri, String username, String password) {
        String setting = "hanedge.fleet.mqtt.external-uri";
        if (uri == null || uri.isBlank()) {
            throw new IllegalStateException(setting + " is required when hanedge.fleet.mqtt.mode=external (e.g. tcp://broker:1883 or ssl://broker:8883)");
        }
        URI u;
        try {
            u = new URI(uri.trim());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(setting + " '" + uri + "' is not a URI: " + e.getMessage(), e);
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
        boolean tls = switch (scheme) {
            case "tcp", "mqtt" -> false;
            case "ssl", "mqtts" -> true;
            default -> throw new IllegalStateException(setting + " '" + uri + "' must start with tcp:// or ssl://");
        };
        if (u.getHost() == null || u.getHost().isBlank()) {
            throw new IllegalStateException(setting + " '" + uri + "' has no host (expected " + scheme + "://host:port)");
        }
        if ((u.getPath() != null && !u.getPath().isEmpty() && !"/".equals(u.getPath())) || u.getQuery() != null || u.getUserInfo() != null) {
            throw new IllegalStateException(setting + " '" + uri + "' must be just scheme://host:port (user name and password are separate settings)");
        }
        int port = u.getPort() > 0 ? u.getPort() : (tls ? 8883 : 1883);
        String host = u.getHost().startsWith("[") ? u.getHost().substring(1, u.getHost().length() - 1) : u.getHost();
        return new MqttEndpoint(host, port, tls, username, password);
    }
}
