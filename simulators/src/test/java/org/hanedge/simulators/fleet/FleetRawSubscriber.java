package org.hanedge.simulators.fleet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.SeqRange;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlException;
import org.hanedge.contract.senml.SenmlFormat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/** Keeps every message on {@link Topics#filterAll()} as received (properties included), for checks on the wire form. */
final class FleetRawSubscriber implements AutoCloseable {
    private static final SenmlDecoder DECODER = new SenmlDecoder(1 << 20);

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
        client.subscribeWith().topicFilter(Topics.filterAll()).qos(MqttQos.AT_LEAST_ONCE)
                .callback(received::add).send().get(10, TimeUnit.SECONDS);
    }

    /** The messages of one gateway on one (unnamed) kind of topic, in arrival order. */
    List<Mqtt5Publish> on(String gateway, TopicKind kind) {
        String topic = Topics.of(gateway, kind);
        return received.stream().filter(p -> p.getTopic().toString().equals(topic)).toList();
    }

    static String userProperty(Mqtt5Publish p, String name) {
        return p.getUserProperties().asList().stream().filter(u -> u.getName().toString().equals(name))
                .map(u -> u.getValue().toString()).findFirst().orElse(null);
    }

    /** A telemetry pack decoded by the contract's decoder, as the server reads it. */
    static DecodedPack decode(Mqtt5Publish p) throws TopicException, SenmlException {
        GatewayTopic topic = Topics.parse(p.getTopic().toString());
        byte[] payload = p.getPayloadAsBytes();
        String contentType = p.getContentType().map(Object::toString).orElse(null);
        SeqRange seq = SeqRange.fromProperties(userProperty(p, UserProperties.SEQ),
                userProperty(p, UserProperties.SEQ_COUNT));
        return DECODER.decode(topic.gatewayId(), payload, SenmlFormat.detect(contentType, payload),
                System.currentTimeMillis(), seq);
    }

    @Override
    public void close() throws Exception {
        client.disconnect().get(10, TimeUnit.SECONDS);
    }
}
