package org.hanedge.fleet.broker;

/**
 * Where the server's own MQTT client connects, and as whom. In embedded mode the broker issues an in-memory
 * credential with full access at start; in external mode it comes from the settings.
 *
 * @param host     broker host
 * @param port     broker port
 * @param tls      whether to use TLS
 * @param username the server's MQTT user name
 * @param password its password (never logged: {@link #toString()} masks it)
 */
public record MqttEndpoint(String host, int port, boolean tls, String username, String password) {
    @Override
    public String toString() {
        return "MqttEndpoint[" + (tls ? "ssl" : "tcp") + "://" + host + ":" + port + ", username=" + username + "]";
    }
}
