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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
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
 * What the city backend sees: subscribes to every gateway's topics ({@code hanedge/v1/+/#}) with a persistent session
 * and decodes the wire contract (SenML JSON or CBOR telemetry with a sequence number per record, events, state,
 * stats), keeping every sequence number so tests can check "every reading once after dedup".
 */
public final class UplinkSubscriber implements MqttCallback, AutoCloseable {
    /** One decoded SenML record. */
    public record Record(String gateway, long seq, String device, String channel, JsonNode value, String unit,
            double time, String quality) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper CBOR = new ObjectMapper(new CBORFactory());

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
        this(brokerUri, clientId, username, password, new String[] {"hanedge/v1/+/#"});
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
        return new UplinkSubscriber(brokerUri, username, username, password, new String[] {"hanedge/v1/+/telemetry",
            "hanedge/v1/+/alarm", "hanedge/v1/+/state", "hanedge/v1/+/event"});
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
        String[] parts = topic.split("/");
        if (parts.length < 4) {
            return;
        }
        String gateway = parts[2];
        String kind = String.join("/", java.util.Arrays.copyOfRange(parts, 3, parts.length));
        try {
            MqttProperties p = message.getProperties();
            String type = p == null ? null : p.getContentType();
            JsonNode doc = "application/senml+cbor".equals(type) ? CBOR.readTree(message.getPayload())
                    : JSON.readTree(message.getPayload());
            messages.computeIfAbsent(gateway + "/" + kind, k -> new CopyOnWriteArrayList<>()).add(doc);
            if (kind.startsWith("cmd-res/") && p != null && p.getCorrelationData() != null) {
                responsesByCorrelation.put(new String(p.getCorrelationData(), StandardCharsets.UTF_8), doc);
            }
            if (kind.equals("telemetry")) {
                telemetry(gateway, doc);
            } else if (doc.has("seq")) {
                seen(gateway, doc.get("seq").asLong());
            } else if (userProperty(p, "seq") != null) {
                // events (alarm, event) from the outbox carry their number in the MQTT 5 user property
                seen(gateway, Long.parseLong(userProperty(p, "seq")));
            }
        } catch (IOException | RuntimeException e) {
            errors.add(topic + ": " + e + " payload " + new String(message.getPayload(), StandardCharsets.UTF_8));
        }
    }

    private void telemetry(String gateway, JsonNode pack) {
        String baseName = "";
        for (JsonNode r : pack) {
            JsonNode bn = field(r, "bn", -2);
            if (bn != null) {
                baseName = bn.asText();
            }
            String[] bnParts = baseName.split("/");
            JsonNode value = field(r, "v", 2);
            if (value == null) {
                value = field(r, "vb", 4);
            }
            if (value == null) {
                value = field(r, "vs", 3);
            }
            JsonNode u = field(r, "u", 1);
            JsonNode q = r.get("q");
            long seq = r.get("seq").asLong();
            Record rec = new Record(gateway, seq, bnParts.length > 1 ? bnParts[1] : "", field(r, "n", 0).asText(),
                    value, u == null ? null : u.asText(), field(r, "t", 6).asDouble(), q == null ? "GOOD" : q.asText());
            records.add(rec);
            String content = rec.device() + "/" + rec.channel() + "@" + rec.time() + "=" + rec.value();
            String before = contentBySeq.putIfAbsent(gateway + "#" + seq, content);
            if (before != null && !before.equals(content)) {
                conflicts.add(gateway + " seq " + seq + ": " + before + " and " + content);
            }
            seen(gateway, seq);
        }
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

    /** A SenML field by name (JSON) or by its RFC 8428 CBOR label. */
    private static JsonNode field(JsonNode record, String name, int label) {
        JsonNode v = record.get(name);
        return v != null ? v : record.get(String.valueOf(label));
    }

    /**
     * Sends a command to a gateway as the fleet server would: QoS 1 on {@code hanedge/v1/{gateway}/cmd/{name}} with
     * MQTT 5 correlation data; the answer arrives on {@code cmd-res/{name}} ({@link #messages}).
     */
    public void command(String gateway, String name, String json, String correlation) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8), 1, false, null);
        MqttProperties p = new MqttProperties();
        p.setCorrelationData(correlation.getBytes(StandardCharsets.UTF_8));
        p.setContentType("application/json");
        m.setProperties(p);
        client.publish("hanedge/v1/" + gateway + "/cmd/" + name, m);
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
