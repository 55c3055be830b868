package org.hanedge.simulators.fleet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/** Keeps every message on {@code hanedge/v1/+/#} as received (properties included), for checks on the wire form. */
final class FleetRawSubscriber implements AutoCloseable {
    final List<Mqtt5Publish> received = new CopyOnWriteArrayList<>();
    private final Mqtt5AsyncClient client;

    FleetRawSubscriber(int port, String user, String password) throws Exception {
        client = MqttClient.builder().useMqttVersion5().identifier("raw-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(port).buildAsync();
        var connect = client.connectWith().cleanStart(true);
        if (user != null) {
            connect.simpleAuth().username(user).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
        }
        connect.send().get(10, TimeUnit.SECONDS);
        client.subscribeWith().topicFilter("hanedge/v1/+/#").qos(MqttQos.AT_LEAST_ONCE)
                .callback(received::add).send().get(10, TimeUnit.SECONDS);
    }

    List<Mqtt5Publish> on(String gateway, String kind) {
        String topic = "hanedge/v1/" + gateway + "/" + kind;
        return received.stream().filter(p -> p.getTopic().toString().equals(topic)).toList();
    }

    static String userProperty(Mqtt5Publish p, String name) {
        return p.getUserProperties().asList().stream().filter(u -> u.getName().toString().equals(name))
                .map(u -> u.getValue().toString()).findFirst().orElse(null);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(10, TimeUnit.SECONDS);
    }
}
