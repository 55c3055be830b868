package org.hanedge.systest;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;

/**
 * Every uplink message of every gateway, as a subscriber of the fleet server's broker receives it: connects with a
 * demo-mode monitor credential (docs/fleet-broker.md: role MONITOR may subscribe to telemetry, alarm, event, state and
 * stats of every gateway, publish nothing) and keeps each message with its content type and user properties.
 */
final class WireTap implements AutoCloseable {
    /** The kinds a monitor credential may subscribe to. */
    static final List<TopicKind> KINDS = List.of(TopicKind.TELEMETRY, TopicKind.ALARM, TopicKind.EVENT,
            TopicKind.STATE, TopicKind.STATS);

    /** One message as received. */
    record Message(String topic, byte[] payload, String contentType, String seq, String seqCount) {
    }

    private final List<Message> messages = new CopyOnWriteArrayList<>();
    private final MqttClient client;

    WireTap(String brokerUri, String username, String password) throws MqttException {
        client = new MqttClient(brokerUri, username, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(username);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                keep(topic, message);
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        client.connect(o);
        for (TopicKind kind : KINDS) {
            IMqttToken t = client.subscribe(Topics.filter(kind), 1);
            int granted = t.getReasonCodes() == null ? 0 : t.getReasonCodes()[0];
            if (granted > 2) {
                throw new IllegalStateException("wire tap: subscription to " + Topics.filter(kind)
                        + " refused: 0x" + Integer.toHexString(granted));
            }
        }
    }

    private void keep(String topic, MqttMessage m) {
        MqttProperties p = m.getProperties();
        messages.add(new Message(topic, m.getPayload(), p == null ? null : p.getContentType(),
                property(p, UserProperties.SEQ), property(p, UserProperties.SEQ_COUNT)));
    }

    private static String property(MqttProperties p, String name) {
        if (p == null || p.getUserProperties() == null) {
            return null;
        }
        return p.getUserProperties().stream().filter(u -> name.equals(u.getKey())).map(UserProperty::getValue)
                .findFirst().orElse(null);
    }

    /** What arrived so far, in arrival order. */
    List<Message> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
