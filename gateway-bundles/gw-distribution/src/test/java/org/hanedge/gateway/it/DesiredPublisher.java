package org.hanedge.gateway.it;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;

/**
 * The fleet server's side of remote configuration, for tests: desired configurations published as the server does,
 * retained QoS 1 on {@code hanedge/v1/{gateway}/config/desired}. Reports arrive at an
 * {@link org.hanedge.testing.UplinkSubscriber} ({@code messages(gateway, "config/reported")}).
 */
public final class DesiredPublisher implements AutoCloseable {
    private final MqttAsyncClient client;

    public DesiredPublisher(String brokerUri) throws MqttException {
        client = new MqttAsyncClient(brokerUri, "fleet-config-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        o.setAutomaticReconnect(true);
        client.connect(o).waitForCompletion(10_000);
    }

    /** A desired configuration: {@code version} and the site document. */
    public void push(String gateway, long version, Map<String, Object> site) throws MqttException {
        push(gateway, ConfigDocuments.write(DesiredConfig.of(version, site)));
    }

    /** Any payload on the gateway's {@code config/desired}, retained. */
    public void push(String gateway, byte[] payload) throws MqttException {
        MqttProperties p = new MqttProperties();
        p.setContentType(ContentType.JSON.mime());
        client.publish(Topics.of(gateway, TopicKind.CONFIG_DESIRED), new MqttMessage(payload, 1, true, p))
                .waitForCompletion(10_000);
    }

    /** A site document written as JSON. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> site(String json) {
        try {
            return (Map<String, Object>) ConfigDocuments.fromJson(json.getBytes(StandardCharsets.UTF_8));
        } catch (org.hanedge.contract.config.ConfigDocumentException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(5_000);
        }
        client.close(true);
    }
}
