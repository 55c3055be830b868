package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.function.BiConsumer;
import java.util.function.Consumer;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paho's client callback: turns a lost connection or a broker DISCONNECT into a one-line cause for
 * {@code connectionLost}, and hands incoming messages (the {@code cmd/+} subscription) to {@code messages}, which must
 * return at once ({@link CommandHandler#accept}); nothing thrown there reaches Paho. The rest is not used (deliveries
 * are tracked per message by {@link InFlight}, no automatic reconnect, no enhanced authentication).
 */
final class PahoCallback implements MqttCallback {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final String brokerUri;
    private final Consumer<String> connectionLost;
    private final BiConsumer<String, MqttMessage> messages;

    PahoCallback(String brokerUri, Consumer<String> connectionLost, BiConsumer<String, MqttMessage> messages) {
        this.brokerUri = brokerUri;
        this.connectionLost = connectionLost;
        this.messages = messages;
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        String cause;
        if (response.getException() != null) {
            String d = ConnectErrors.describe(response.getException());
            cause = d.startsWith("connection") ? d : "connection lost: " + d;
        } else {
            String reason = ConnectErrors.reasonText(response.getReturnCode());
            cause = "disconnected by the broker: " + (reason == null ? "reason" : reason) + " (reason "
                    + response.getReturnCode() + ")";
        }
        connectionLost.accept(cause);
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.debug("uplink {}: {}", brokerUri, ConnectErrors.describe(exception));
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            messages.accept(topic, message);
        } catch (RuntimeException e) {
            LOG.warn("uplink {}: message on {} dropped: {}", brokerUri, topic, e.toString());
        }
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // handled per message by InFlight
    }

    @Override
    public void connectComplete(boolean reconnect, String serverURI) {
        // we connect ourselves
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
