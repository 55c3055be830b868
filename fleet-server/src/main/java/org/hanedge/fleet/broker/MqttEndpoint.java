package org.hanedge.fleet.broker;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;

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
    /** An MQTT 5 client of the server for this endpoint: host, port, TLS, credential, automatic reconnect. */
    public Mqtt5ClientBuilder clientBuilder(String clientId) {
        Mqtt5ClientBuilder b = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(host).serverPort(port)
                .automaticReconnect().initialDelay(500, TimeUnit.MILLISECONDS).maxDelay(10, TimeUnit.SECONDS)
                .applyAutomaticReconnect();
        if (tls) {
            b = b.sslWithDefaultConfig();
        }
        if (username != null) {
            b = b.simpleAuth().username(username)
                    .password(password == null ? new byte[0] : password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        return b;
    }

    @Override
    public String toString() {
        return "MqttEndpoint[" + (tls ? "ssl" : "tcp") + "://" + host + ":" + port + ", username=" + username + "]";
    }
}
