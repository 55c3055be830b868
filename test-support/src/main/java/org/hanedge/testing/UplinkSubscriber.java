package org.hanedge.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.SeqRange;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.contract.senml.DecodedPack;
import org.hanedge.contract.senml.RecordProblem;
import org.hanedge.contract.senml.Sample;
import org.hanedge.contract.senml.SenmlDecoder;
import org.hanedge.contract.senml.SenmlException;
import org.hanedge.contract.senml.SenmlFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * What the city backend sees: subscribes to every gateway's topics ({@link Topics#filterAll()}) with a persistent
 * session and decodes the wire contract with the contract's own {@link SenmlDecoder} (telemetry in any form: SenML
 * JSON, CBOR or thin; events, state, stats as JSON), keeping every sequence number so tests can check "every reading
 * once after dedup". Records carry the wire's unit and value (a field unit outside the SenML registry arrives
 * converted, docs/profiles.md); a record the decoder refuses is an {@link #errors() error}.
 */
public final class UplinkSubscriber implements MqttCallback, AutoCloseable {
    /** One decoded SenML record. */
    public record Record(String gateway, long seq, String device, String channel, JsonNode value, String unit,
            double time, String quality) {
    }

    /** Larger than any pack a gateway sends (16 KiB) or the virtual fleet's largest. */
    static final int MAX_PACK_BYTES = 1 << 20;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SenmlDecoder DECODER = new SenmlDecoder(MAX_PACK_BYTES);

    private final MqttClient client;
    private final Map<String, NavigableSet<Long>> seqs = new ConcurrentHashMap<>();
    private final List<Record> records = new CopyOnWriteArrayList<>();
    private final Map<String, List<JsonNode>> messages = new ConcurrentHashMap<>();
    private final List<String> errors = new CopyOnWriteArrayList<>();
    private final Map<String, String> contentBySeq = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> responsesByCorrelation = new ConcurrentHashMap<>();
    private final List<String> conflicts = new CopyOnWriteArrayList<>();

    public UplinkSubscriber(String brokerUri, String clientId) throws MqttException {
        this(brokerUri, clientId, null, null);
    }

    /** Connects with a user name and password (for a broker that requires them). */
    public UplinkSubscriber(String brokerUri, String clientId, String username, String password)
            throws MqttException {
        this(brokerUri, clientId, username, password, new String[] {Topics.filterAll()});
    }

    private UplinkSubscriber(String brokerUri, String clientId, String username, String password, String[] filters)
            throws MqttException {
        client = new MqttClient(brokerUri, clientId, new MemoryPersistence());
        client.setCallback(this);
        connect(username, password, filters);
    }

    /**
     * Connects as the city backend does, with a backend credential of the fleet server's broker, which may subscribe
     * to telemetry, alarm, state and event only (docs/fleet-broker.md).
     */
    public static UplinkSubscriber backend(String brokerUri, String username, String password) throws MqttException {
        return new UplinkSubscriber(brokerUri, username, username, password, new String[] {
            Topics.filter(TopicKind.TELEMETRY), Topics.filter(TopicKind.ALARM), Topics.filter(TopicKind.STATE),
            Topics.filter(TopicKind.EVENT)});
    }

    private void connect(String username, String password, String[] filters) throws MqttException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (username != null) {
            o.setUserName(username);
            o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 2);
        client.connect(o);
        for (String f : filters) {
            IMqttToken t = client.subscribe(f, 1);
            int granted = t.getReasonCodes() == null ? 0 : t.getReasonCodes()[0];
            if (granted > 2) {
                throw new IllegalStateException("subscription to " + f + " refused: reason code 0x"
                        + Integer.toHexString(granted));
            }
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        try {
            GatewayTopic t = Topics.parse(topic);
            String gateway = t.gatewayId();
            String kind = t.kind().named() ? t.kind().path() + "/" + t.name() : t.kind().path();
            MqttProperties p = message.getProperties();
            String type = p == null ? null : p.getContentType();
            SeqRange userSeq = SeqRange.fromProperties(userProperty(p, UserProperties.SEQ),
                    userProperty(p, UserProperties.SEQ_COUNT));
            if (t.kind() == TopicKind.TELEMETRY) {
                telemetry(topic, gateway, message.getPayload(), type, userSeq);
                return;
            }
            JsonNode doc = JSON.readTree(message.getPayload());
            messages.computeIfAbsent(gateway + "/" + kind, k -> new CopyOnWriteArrayList<>()).add(doc);
            if (t.kind() == TopicKind.COMMAND_RESPONSE && p != null && p.getCorrelationData() != null) {
                responsesByCorrelation.put(new String(p.getCorrelationData(), StandardCharsets.UTF_8), doc);
            }
            if (doc.has(UserProperties.SEQ)) {
                seen(gateway, doc.get(UserProperties.SEQ).asLong());
            } else if (userSeq != null) {
                // events (alarm, event) from the outbox carry their number in the MQTT 5 user property
                seen(gateway, userSeq.first());
            }
        } catch (TopicException | SenmlException | IOException | RuntimeException e) {
            errors.add(topic + ": " + e + " payload " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }
    }

    /** Decodes a pack with the contract's decoder; a refused record is an error, the others are kept. */
    private void telemetry(String topic, String gateway, byte[] payload, String contentType, SeqRange userSeq)
            throws SenmlException {
        DecodedPack pack = DECODER.decode(gateway, payload, SenmlFormat.detect(contentType, payload),
                System.currentTimeMillis(), userSeq);
        for (RecordProblem problem : pack.problems()) {
            errors.add(topic + ": " + problem.problem() + " " + problem.detail() + " in " + problem.recordText());
        }
        for (Sample s : pack.samples()) {
            Record rec = new Record(gateway, s.seq(), s.device(), s.channel(), value(s), s.unit(),
                    s.timeMillis() / 1000.0, s.quality() == null ? "GOOD" : s.quality());
            records.add(rec);
            String content = rec.device() + "/" + rec.channel() + "@" + rec.time() + "=" + rec.value();
            String before = contentBySeq.putIfAbsent(gateway + "#" + s.seq(), content);
            if (before != null && !before.equals(content)) {
                conflicts.add(gateway + " seq " + s.seq() + ": " + before + " and " + content);
            }
            seen(gateway, s.seq());
        }
    }

    /** The value as a JSON node (number, boolean, text), or null for a reading without a value. */
    private static JsonNode value(Sample s) {
        return switch (s.type()) {
            case NUMBER -> JsonNodeFactory.instance.numberNode(s.number());
            case BOOLEAN -> JsonNodeFactory.instance.booleanNode(s.bool());
            case TEXT, DATA -> JsonNodeFactory.instance.textNode(s.text());
            case NONE -> null;
        };
    }

    private static String userProperty(MqttProperties p, String name) {
        if (p == null || p.getUserProperties() == null) {
            return null;
        }
        return p.getUserProperties().stream().filter(u -> name.equals(u.getKey())).map(u -> u.getValue())
                .findFirst().orElse(null);
    }

    private void seen(String gateway, long seq) {
        seqs.computeIfAbsent(gateway, g -> new ConcurrentSkipListSet<>()).add(seq);
    }

    /**
     * Sends a command to a gateway as the fleet server would: QoS 1 on {@link Topics#command its command topic} with
     * MQTT 5 correlation data; the answer arrives on {@code cmd-res/{name}} ({@link #messages}).
     */
    public void command(String gateway, String name, String json, String correlation) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        p.setContentType(ContentType.JSON.mime());
        m.setProperties(p);
        client.publish(Topics.command(gateway, name), m);
    }

    /** The command response that carried {@code correlation} back, once it has arrived. */
    public Optional<JsonNode> response(String correlation) {
        return Optional.ofNullable(responsesByCorrelation.get(correlation));
    }

    /** Distinct sequence numbers received from a gateway. */
    public NavigableSet<Long> seqs(String gateway) {
        return seqs.getOrDefault(gateway, new ConcurrentSkipListSet<>());
    }

    /** The first missing sequence number between 1 and the highest received, if any. */
    public Optional<Long> firstGap(String gateway) {
        long expected = 1;
        Iterator<Long> it = seqs(gateway).iterator();
        while (it.hasNext()) {
            long s = it.next();
            if (s != expected) {
                return Optional.of(expected);
            }
            expected++;
        }
        return Optional.empty();
    }

    public List<Record> records(String gateway) {
        return records.stream().filter(r -> r.gateway().equals(gateway)).toList();
    }

    /** Decoded messages of one gateway on one topic suffix ({@code state}, {@code stats}, {@code alarm} ...). */
    public List<JsonNode> messages(String gateway, String kind) {
        return new ArrayList<>(messages.getOrDefault(gateway + "/" + kind, List.of()));
    }

    /** Sequence numbers that arrived with two different contents (a reused sequence number); a test expects none. */
    public List<String> conflicts() {
        return List.copyOf(conflicts);
    }

    /** Messages that did not decode; a test expects none. */
    public List<String> errors() {
        return List.copyOf(errors);
    }

    @Override
    public void disconnected(MqttDisconnectResponse response) {
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        errors.add("mqtt error: " + exception);
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

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }
}
