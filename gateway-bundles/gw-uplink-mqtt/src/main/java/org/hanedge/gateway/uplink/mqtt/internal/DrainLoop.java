package org.hanedge.gateway.uplink.mqtt.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox while a session is up: take up to (free window × estimated entries per message) entries, build
 * messages, publish each QoS 1 after taking a rate-limiter token and while fewer than {@code max.inflight} are
 * unacknowledged; entries built into messages that did not fit are released at once (they go back ahead of newer
 * entries). With a gather window (thin form), telemetry readings are held in a {@link TelemetryGather} and sent
 * together when the window has passed or they fill a pack; everything else goes at once. Runs on the uplink thread
 * only.
 */
final class DrainLoop {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /** How long take() waits for entries before the loop looks at the connection again. */
    private static final Duration TAKE_WAIT = Duration.ofMillis(200);
    private static final int MAX_TAKE = 5_000;

    private final UplinkSettings settings;
    private final Outbox outbox;
    private final SessionSignals signals;
    private final InFlight inFlight;
    private final MessageBuilder builder;
    private final RateLimiter rateLimiter;
    private final ClockCorrection clock; // null: no time correction
    private final TelemetryGather gather; // null: no gather window
    private int entriesPerMessage; // estimate, adapted to the packs actually built

    DrainLoop(UplinkSettings settings, Outbox outbox, SessionSignals signals, InFlight inFlight,
            ClockCorrection clock, Precisions precisions) {
        this.settings = settings;
        this.clock = clock;
        this.outbox = outbox;
        this.signals = signals;
        this.inFlight = inFlight;
        this.builder = new MessageBuilder(settings.gatewayId(), settings.format(), settings.maxMessageBytes(),
                precisions, clock);
        this.rateLimiter = new RateLimiter(settings.rateMessagesPerS());
        this.entriesPerMessage = Math.max(1, settings.maxMessageBytes() / 100);
        this.gather = settings.gather().isZero() ? null
                : new TelemetryGather(settings.gather(), held -> builder.build(held).size() > 1);
    }

    /** Runs while the session on {@code client} is up and no stop is requested. */
    void drain(MqttAsyncClient client) throws InterruptedException {
        try {
            drainSession(client);
        } finally {
            if (gather != null && gather.size() > 0) {
                // never sent: back to the outbox, ahead of newer entries, for the next session
                outbox.release(gather.drain().stream().map(OutboxEntry::seq).toList());
            }
        }
    }

    private void drainSession(MqttAsyncClient client) throws InterruptedException {
        List<OutgoingMessage> pendingRelease = new ArrayList<>();
        while (signals.active()) {
            if (clock != null && !clock.known()) {
                // records of this boot are held until the true time is known (server, clock step or fallback)
                signals.await(TimeUnit.MILLISECONDS.toNanos(500));
                continue;
            }
            int free = settings.maxInflight() - inFlight.size();
            if (free <= 0) {
                signals.await(TimeUnit.MILLISECONDS.toNanos(500));
                continue;
            }
            int max = (int) Math.min(MAX_TAKE, (long) free * entriesPerMessage);
            List<OutboxEntry> entries = outbox.take(max, takeWait());
            if (gather != null) {
                long now = System.nanoTime();
                entries = gather.hold(entries, now);
                if (gather.due(now)) {
                    entries = new ArrayList<>(entries);
                    entries.addAll(gather.drain());
                }
            }
            if (entries.isEmpty()) {
                continue;
            }
            List<OutgoingMessage> messages = builder.build(entries);
            adaptEstimate(messages);
            int i = 0;
            for (; i < messages.size(); i++) {
                if (!signals.active() || inFlight.size() >= settings.maxInflight()) {
                    break;
                }
                if (!awaitToken()) {
                    break;
                }
                if (!publish(client, messages.get(i))) {
                    i++; // publish() released that one itself
                    break;
                }
            }
            pendingRelease.clear();
            pendingRelease.addAll(messages.subList(Math.min(i, messages.size()), messages.size()));
            if (!pendingRelease.isEmpty()) {
                List<Long> seqs = new ArrayList<>();
                pendingRelease.forEach(m -> seqs.addAll(m.seqs()));
                outbox.release(seqs);
            }
        }
    }

    /** How long take() may wait: not past the end of the gather window. */
    private Duration takeWait() {
        Duration untilDue = gather == null ? null : gather.untilDue(System.nanoTime());
        return untilDue == null || untilDue.compareTo(TAKE_WAIT) > 0 ? TAKE_WAIT : untilDue;
    }

    private void adaptEstimate(List<OutgoingMessage> messages) {
        int largest = 0;
        for (OutgoingMessage m : messages) {
            largest = Math.max(largest, m.readings());
        }
        if (largest > entriesPerMessage) {
            entriesPerMessage = largest;
        }
    }

    /** Waits for a rate-limiter token; false when the session ended or the sender stops meanwhile. */
    private boolean awaitToken() throws InterruptedException {
        long wait;
        while ((wait = rateLimiter.reserve()) > 0) {
            if (!signals.active()) {
                return false;
            }
            signals.await(wait);
        }
        return signals.active();
    }

    private boolean publish(MqttAsyncClient client, OutgoingMessage m) {
        long id = inFlight.add(m);
        try {
            // a thin pack numbers its records itself: no seq / seq-count user properties (31 bytes less)
            boolean selfNumbered = m.readings() > 0 && !settings.format().carriesSeqProperties();
            MqttMessage msg = MqttMessages.message(m.payload(), false, m.contentType(),
                    selfNumbered ? null : m.firstSeq(), m.readings() == 0 ? 0 : m.seqs().size());
            client.publish(settings.topicRoot() + m.topicSuffix(), msg, id, inFlight);
            return true;
        } catch (MqttException | RuntimeException e) {
            inFlight.release(id);
            if (e instanceof MqttException me && me.getReasonCode() == 32202) {
                // Paho's own window (the broker's receive maximum) is smaller than max.inflight: wait for acks.
                LOG.debug("uplink {}: broker receive maximum reached", settings.brokerUri());
                return false;
            }
            signals.sessionEnded(ConnectErrors.describe(e));
            return false;
        }
    }
}
