package org.hanedge.fleet.broker;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5Client;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5ConnAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5SubAckException;
import com.hivemq.client.mqtt.mqtt5.message.connect.connack.Mqtt5ConnAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAckReasonCode;

/** Real MQTT 5 clients for the broker tests. */
final class MqttTestClients {
    private MqttTestClients() {
    }

    /** A client whose received messages ("topic payload") land in {@link Received#messages}. */
    record Received(Mqtt5BlockingClient client, Queue<String> messages) {
        void disconnect() {
            if (client.getState().isConnected()) {
                client.disconnect();
            }
        }
    }

    static Mqtt5ClientBuilder builder(String clientId, int port) {
        return Mqtt5Client.builder().identifier(clientId).serverHost("127.0.0.1").serverPort(port);
    }

    static Received connect(Mqtt5ClientBuilder builder, String user, String password) {
        Mqtt5BlockingClient c = builder.buildBlocking();
        Queue<String> messages = new ConcurrentLinkedQueue<>();
        c.toAsync().publishes(MqttGlobalPublishFilter.ALL,
                p -> messages.add(p.getTopic() + " " + new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8)));
        c.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        return new Received(c, messages);
    }

    static Received connect(String clientId, String user, String password, int port) {
        return connect(builder(clientId, port), user, password);
    }

    /** The CONNACK reason of a refused connection (fails when it is accepted). */
    static Mqtt5ConnAckReasonCode refusal(String clientId, String user, String password, int port) {
        Mqtt5BlockingClient c = builder(clientId, port).buildBlocking();
        try {
            c.connectWith().simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth().send();
        } catch (Mqtt5ConnAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
        c.disconnect();
        throw new AssertionError("connection of " + user + " / " + clientId + " was accepted");
    }

    /** QoS 1 publish; the PUBACK reason code. */
    static Mqtt5PubAckReasonCode publish(Mqtt5BlockingClient c, String topic, String payload) {
        try {
            Mqtt5PublishResult r = c.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload.getBytes(StandardCharsets.UTF_8)).send();
            return ((Mqtt5PublishResult.Mqtt5Qos1Result) r).getPubAck().getReasonCode();
        } catch (Mqtt5PubAckException e) {
            return e.getMqttMessage().getReasonCode();
        }
    }

    /** QoS 1 subscription; the SUBACK reason codes. */
    static List<Mqtt5SubAckReasonCode> subscribe(Mqtt5BlockingClient c, String filter) {
        try {
            return c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().getReasonCodes();
        } catch (Mqtt5SubAckException e) {
            return e.getMqttMessage().getReasonCodes();
        }
    }
}
