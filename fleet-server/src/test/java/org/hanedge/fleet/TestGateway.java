package org.hanedge.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

/** A gateway speaking the wire contract (docs/uplink.md) with a real MQTT 5 client, for server tests. */
public final class TestGateway implements AutoCloseable {
    private final String id;
    private final Mqtt5BlockingClient client;

    private TestGateway(String id, Mqtt5BlockingClient client) {
        this.id = id;
        this.client = client;
    }

    public static TestGateway connect(String id, String password, int port) {
        Mqtt5BlockingClient c = MqttClient.builder().useMqttVersion5().identifier(id)
                .serverHost("127.0.0.1").serverPort(port).buildBlocking();
        c.connectWith().simpleAuth().username(id).password(password.getBytes(StandardCharsets.UTF_8)).applySimpleAuth()
                .willPublish().topic(Topics.of(id, TopicKind.STATE)).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(("{\"online\":false,\"gateway\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8))
                .applyWillPublish()
                .send();
        return new TestGateway(id, c);
    }

    public static String root(String id) {
        return Topics.root(id);
    }

    public void birth(String devicesJson) {
        String now = Instant.now().toString();
        publish("state", "{\"online\":true,\"gateway\":\"" + id + "\",\"firmware\":\"0.1.0-test\",\"started\":\"" + now
                + "\",\"connected\":\"" + now + "\",\"devices\":" + devicesJson + "}", null, null, true);
    }

    /** Publishes a SenML JSON pack with the user properties the gateway sets. */
    public Mqtt5PublishResult telemetry(String senml, long firstSeq, int count) {
        return publish("telemetry", senml, ContentType.SENML_JSON.mime(), new long[] { firstSeq, count }, false);
    }

    public Mqtt5PublishResult telemetryBytes(byte[] payload, String contentType, long firstSeq, int count) {
        var b = client.publishWith().topic(Topics.of(id, TopicKind.TELEMETRY)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).userProperties().add(UserProperties.SEQ, Long.toString(firstSeq))
                .add(UserProperties.SEQ_COUNT, Integer.toString(count))
                .applyUserProperties();
        if (contentType != null) {
            b = b.contentType(contentType);
        }
        return b.send();
    }

    public Mqtt5PublishResult event(String kind, String json, long seq) {
        return publish(kind, json, ContentType.JSON.mime(), new long[] { seq }, false);
    }

    public Mqtt5PublishResult publish(String kind, String payload, String contentType, long[] seq, boolean retain) {
        var b = client.publishWith().topic(root(id) + kind).qos(MqttQos.AT_LEAST_ONCE).retain(retain)
                .payload(payload.getBytes(StandardCharsets.UTF_8));
        if (contentType != null) {
            b = b.contentType(contentType);
        }
        if (seq != null) {
            var up = b.userProperties().add(UserProperties.SEQ, Long.toString(seq[0]));
            if (seq.length > 1) {
                up = up.add(UserProperties.SEQ_COUNT, Long.toString(seq[1]));
            }
            b = up.applyUserProperties();
        }
        return b.send();
    }

    /**
     * Subscribes to one of the gateway's downlink topics (config/desired, cmd/...); {@code onMessage} runs on the
     * client's thread, retained messages included.
     */
    public void subscribe(TopicKind kind, java.util.function.Consumer<Mqtt5Publish> onMessage) {
        client.toAsync().subscribeWith().topicFilter(Topics.filter(id, kind)).qos(MqttQos.AT_LEAST_ONCE)
                .callback(onMessage).send().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** Publishes a configuration report (config/reported, retained) as the gateway's config agent does. */
    public void reportConfig(byte[] reportedJson) {
        client.toAsync().publishWith().topic(Topics.of(id, TopicKind.CONFIG_REPORTED)).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).payload(reportedJson).send();
    }

    /**
     * Answers a command as the gateway's command handler does: on the request's response topic with its correlation
     * data (not waiting, so it may run on the client's thread).
     */
    public void answerCommand(Mqtt5Publish request, String commandId, String status, String reason) {
        String body = "{\"id\":\"" + commandId + "\",\"status\":\"" + status + "\""
                + (reason == null ? "" : ",\"reason\":\"" + reason + "\"") + ",\"time\":\"" + Instant.now() + "\"}";
        var b = client.toAsync().publishWith().topic(request.getResponseTopic().orElseThrow().toString())
                .qos(MqttQos.AT_LEAST_ONCE).contentType(ContentType.JSON.mime())
                .payload(body.getBytes(StandardCharsets.UTF_8));
        request.getCorrelationData().ifPresent(c -> b.correlationData(c));
        b.send();
    }

    /** Drops the connection without DISCONNECT, so the broker publishes the Last Will. */
    public void crash() {
        client.toAsync().disconnectWith().reasonCode(
                com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE)
                .send().orTimeout(5, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (client.getState().isConnected()) {
            client.disconnect();
        }
    }

    /** One SenML JSON record as the gateway writes it. */
    public static String record(String bn, String name, String unit, String value, double t, long seq) {
        return "{" + (bn == null ? "" : "\"bn\":\"" + bn + "\",") + "\"n\":\"" + name + "\","
                + (unit == null ? "" : "\"u\":\"" + unit + "\",") + value + ",\"t\":" + String.format(java.util.Locale.ROOT, "%.3f", t)
                + ",\"seq\":" + seq + "}";
    }
}
