package org.hanedge.gateway.uplink.mqtt.internal;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.TopicKind;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Asks the fleet server for its time on every connect: MQTT 5 request {@code .../time/req} with Response Topic
 * {@code .../time/res} and Correlation Data; the answer {@code {"epochMillis":...}} gives true time minus monotonic
 * clock = server + rtt/2 - monotonic at receive, the round trip measured on the monotonic clock. An answer whose
 * round trip exceeds {@value #MAX_RTT_MILLIS} ms is not precise enough and is asked again (at most
 * {@value #MAX_ATTEMPTS} times a session). Answers arrive on Paho's callback thread.
 */
final class TimeClient {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final long MAX_RTT_MILLIS = 2000;
    static final int MAX_ATTEMPTS = 3;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String requestTopic;
    private final String responseTopic;
    private final String brokerUri;
    private final ClockEpochs table;
    private final ClockSource clock;
    private final LongSupplier lastSeq;
    private final Runnable learnt;
    private final Map<Long, Long> sentMono = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private volatile MqttAsyncClient session;
    private volatile int attempts;
    private volatile long askedSince = -1;

    /** @param learnt called after a measurement was applied (save the table, wake the uplink thread) */
    TimeClient(UplinkSettings settings, ClockEpochs table, ClockSource clock, LongSupplier lastSeq, Runnable learnt) {
        this.requestTopic = Topics.of(settings.gatewayId(), TopicKind.TIME_REQUEST);
        this.responseTopic = Topics.of(settings.gatewayId(), TopicKind.TIME_RESPONSE);
        this.brokerUri = settings.brokerUri();
        this.table = table;
        this.clock = clock;
        this.lastSeq = lastSeq;
        this.learnt = learnt;
    }

    String responseTopic() {
        return responseTopic;
    }

    /** Monotonic time of this session's first unanswered request, or -1 (answered, none, or no session). */
    long askedSince() {
        return askedSince;
    }

    /** The session ended: pending requests are forgotten. */
    void stop() {
        session = null;
        askedSince = -1;
        sentMono.clear();
    }

    /** Subscribes to the response topic and sends the request (uplink thread, once the session is up). */
    void start(MqttAsyncClient c, long timeoutMillis) throws MqttException {
        sentMono.clear();
        attempts = 0;
        session = c;
        MqttSubscription sub = new MqttSubscription(responseTopic, 1);
        sub.setRetainHandling(2);
        IMqttToken t = c.subscribe(sub);
        t.waitForCompletion(timeoutMillis);
        int[] codes = t.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            LOG.warn("uplink {}: subscription to {} refused (reason {}): no time from the server in this session",
                    brokerUri, responseTopic, codes[0]);
            askedSince = clock.monoMillis(); // as unanswered: the fallback applies
            return;
        }
        request(c);
    }

    private void request(MqttAsyncClient c) throws MqttException {
        attempts++;
        long id = ids.incrementAndGet();
        MqttMessage m = MqttMessages.live("{}".getBytes(StandardCharsets.UTF_8));
        m.getProperties().setResponseTopic(responseTopic);
        m.getProperties().setCorrelationData(ByteBuffer.allocate(Long.BYTES).putLong(id).array());
        long now = clock.monoMillis();
        sentMono.put(id, now);
        if (askedSince < 0) {
            askedSince = now;
        }
        c.publish(requestTopic, m);
    }

    /** An answer on the response topic (Paho's callback thread). */
    void accept(MqttMessage message) {
        long receivedMono = clock.monoMillis();
        byte[] corr = message.getProperties() == null ? null : message.getProperties().getCorrelationData();
        Long sent = corr == null || corr.length != Long.BYTES ? null : sentMono.remove(ByteBuffer.wrap(corr).getLong());
        if (sent == null) {
            LOG.debug("uplink {}: time answer without a known correlation ignored", brokerUri);
            return;
        }
        long server;
        try {
            JsonNode n = JSON.readTree(message.getPayload());
            if (n == null || !n.path("epochMillis").canConvertToLong()) {
                throw new IllegalArgumentException("no epochMillis");
            }
            server = n.get("epochMillis").asLong();
        } catch (java.io.IOException | IllegalArgumentException e) {
            LOG.warn("uplink {}: time answer on {} unreadable: {}", brokerUri, responseTopic, e.getMessage());
            return;
        }
        long rtt = receivedMono - sent;
        if (rtt > MAX_RTT_MILLIS) {
            LOG.warn("uplink {}: time answer after {} ms is too imprecise (max {} ms){}", brokerUri, rtt,
                    MAX_RTT_MILLIS, attempts < MAX_ATTEMPTS ? "; asking again" : "");
            retry();
            return;
        }
        askedSince = -1;
        long k = server + rtt / 2 - receivedMono;
        table.measured(k, rtt, lastSeq.getAsLong());
        ClockStatus s = table.status();
        LOG.info("uplink {}: server time: local clock off by {} ms (round trip {} ms); correction {} ms", brokerUri,
                s.lastOffsetMillis(), rtt, s.correctionMillis());
        learnt.run();
    }

    private void retry() {
        MqttAsyncClient c = session;
        if (c == null || attempts >= MAX_ATTEMPTS) {
            return;
        }
        try {
            request(c);
        } catch (MqttException | RuntimeException e) {
            LOG.debug("uplink {}: time request not sent: {}", brokerUri, e.toString());
        }
    }
}
