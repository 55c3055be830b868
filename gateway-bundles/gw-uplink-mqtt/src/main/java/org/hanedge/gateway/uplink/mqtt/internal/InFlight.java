package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.hanedge.gateway.api.outbox.Outbox;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The published, unacknowledged messages, keyed by the id passed to Paho as the token's user context. It is the
 * delivery listener of every publish: a PUBACK acknowledges the message's outbox entries (and counts them), a PUBACK
 * with a reason code ≥ 0x80 or a failed delivery releases them and ends the session. When the connection is lost
 * everything still in flight is released, so the entries go out again in the next session.
 */
final class InFlight implements MqttActionListener {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final Outbox outbox;
    private final String brokerUri;
    private final SessionSignals signals;
    private final Map<Long, OutgoingMessage> messages = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AtomicInteger maxSeen = new AtomicInteger();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong readingsSent = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();

    InFlight(Outbox outbox, String brokerUri, SessionSignals signals) {
        this.outbox = outbox;
        this.brokerUri = brokerUri;
        this.signals = signals;
    }

    /** Registers a message about to be published; returns its id (the token's user context). */
    long add(OutgoingMessage m) {
        long id = ids.incrementAndGet();
        messages.put(id, m);
        maxSeen.accumulateAndGet(messages.size(), Math::max);
        return id;
    }

    /** Releases the entries of a message whose publish was not accepted by Paho (unless already released). */
    void release(long id) {
        OutgoingMessage mine = messages.remove(id);
        if (mine != null) {
            outbox.release(mine.seqs());
        }
    }

    /** Releases every message in flight (the connection is gone: they will never be acknowledged). */
    void releaseAll() {
        List<Long> seqs = new ArrayList<>();
        for (Long id : new ArrayList<>(messages.keySet())) {
            OutgoingMessage m = messages.remove(id);
            if (m != null) {
                seqs.addAll(m.seqs());
            }
        }
        if (!seqs.isEmpty()) {
            outbox.release(seqs);
            LOG.debug("uplink {}: released {} in-flight entries", brokerUri, seqs.size());
        }
    }

    int size() {
        return messages.size();
    }

    boolean isEmpty() {
        return messages.isEmpty();
    }

    int maxSeen() {
        return maxSeen.get();
    }

    long messagesSent() {
        return messagesSent.get();
    }

    long readingsSent() {
        return readingsSent.get();
    }

    long eventsSent() {
        return eventsSent.get();
    }

    @Override
    public void onSuccess(IMqttToken token) {
        Long id = (Long) token.getUserContext();
        int[] codes = token.getReasonCodes();
        int refused = 0;
        if (codes != null) {
            for (int rc : codes) {
                if (rc >= 0x80) {
                    refused = rc;
                }
            }
        }
        OutgoingMessage m = messages.remove(id);
        if (m == null) {
            return; // already released (connection lost)
        }
        if (refused != 0) {
            outbox.release(m.seqs());
            String reason = ConnectErrors.reasonText(refused);
            signals.sessionEnded("broker refused a message on " + m.topicSuffix() + ": "
                    + (reason == null ? "error" : reason) + " (reason " + refused + ")");
            return;
        }
        outbox.acknowledge(m.seqs());
        messagesSent.incrementAndGet();
        if (m.readings() > 0) {
            readingsSent.addAndGet(m.readings());
        } else {
            eventsSent.incrementAndGet();
        }
        signals.signal();
    }

    @Override
    public void onFailure(IMqttToken token, Throwable exception) {
        Long id = (Long) token.getUserContext();
        OutgoingMessage m = messages.remove(id);
        if (m != null) {
            outbox.release(m.seqs());
        }
        signals.sessionEnded(exception == null ? "publish failed" : ConnectErrors.describe(exception));
    }
}
