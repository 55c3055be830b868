package org.hanedge.gateway.uplink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.SeqRange;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlException;
import org.hanedge.contract.senml.SenmlFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;

/**
 * A Paho test subscriber that records everything under its filter; telemetry is read back with the contract's
 * {@link SenmlDecoder} (any form).
 */
final class Subscriber implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();
    static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

    record Received(String topic, byte[] payload, boolean retained, String contentType, Map<String, String> user,
            byte[] correlation, int qos) {
        /** The telemetry pack decoded by the contract; fails the test on any bad record. */
        List<Sample> samples() {
            try {
                String gw = Topics.parse(topic).gatewayId();
                DecodedPack pack = new SenmlDecoder(1 << 20).decode(gw, payload,
                        SenmlFormat.detect(contentType, payload), System.currentTimeMillis(),
                        SeqRange.fromProperties(user.get(UserProperties.SEQ), user.get(UserProperties.SEQ_COUNT)));
                if (!pack.problems().isEmpty()) {
                    throw new AssertionError("pack on " + topic + " has bad records: " + pack.problems());
                }
                return pack.samples();
            } catch (TopicException | SenmlException e) {
                throw new AssertionError("telemetry on " + topic + " not readable: " + e.getMessage(), e);
            }
        }

        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        JsonNode json() {
            try {
                return ContentType.SENML_CBOR.mime().equals(contentType) ? CBOR.readTree(payload)
                        : JSON.readTree(payload);
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    final List<Received> messages = new CopyOnWriteArrayList<>();
    private final MqttAsyncClient client;

    Subscriber(String uri, String filter) throws MqttException {
        client = new MqttAsyncClient(uri, "test-sub-" + System.nanoTime(), new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void messageArrived(String topic, MqttMessage m) {
                Map<String, String> user = new HashMap<>();
                MqttProperties p = m.getProperties();
                String ct = null;
                byte[] correlation = null;
                if (p != null) {
                    correlation = p.getCorrelationData();
                    for (UserProperty u : p.getUserProperties()) {
                        user.put(u.getKey(), u.getValue());
                    }
                    ct = p.getContentType();
                }
                messages.add(new Received(topic, m.getPayload(), m.isRetained(), ct, user, correlation, m.getQos()));
            }

            @Override
            public void deliveryComplete(IMqttToken t) {
            }

            @Override
            public void connectComplete(boolean reconnect, String uri) {
            }

            @Override
            public void authPacketArrived(int rc, MqttProperties p) {
            }
        });
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(true);
        client.connect(o).waitForCompletion(10_000);
        client.subscribe(filter, 1).waitForCompletion(10_000);
    }

    /**
     * Publishes a QoS 1 request with an MQTT 5 response topic and correlation data (either may be null) and waits for
     * the PUBACK.
     */
    void request(String topic, byte[] payload, String responseTopic, byte[] correlation) throws MqttException {
        MqttProperties p = new MqttProperties();
        if (responseTopic != null) {
            p.setResponseTopic(responseTopic);
        }
        if (correlation != null) {
            p.setCorrelationData(correlation);
        }
        p.setContentType(ContentType.JSON.mime());
        client.publish(topic, new MqttMessage(payload, 1, false, p)).waitForCompletion(10_000);
    }

    List<Received> on(String suffix) {
        List<Received> out = new ArrayList<>();
        for (Received r : messages) {
            if (r.topic().endsWith("/" + suffix)) {
                out.add(r);
            }
        }
        return out;
    }

    /** Every record's seq over all telemetry messages, in arrival order. */
    List<Long> telemetrySeqs() {
        List<Long> out = new ArrayList<>();
        for (Received r : on("telemetry")) {
            for (Sample s : r.samples()) {
                out.add(s.seq());
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close(true);
        } catch (MqttException e) {
            // ignore
        }
    }
}
