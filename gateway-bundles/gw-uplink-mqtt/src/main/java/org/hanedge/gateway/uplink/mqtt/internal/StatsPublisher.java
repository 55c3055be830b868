package org.hanedge.gateway.uplink.mqtt.internal;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.TopicKind;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the stats document (not retained) every {@code stats.interval.s} while a session is up, on its own
 * thread ({@code hanedge-uplink-stats}); the first one an interval after connect.
 */
final class StatsPublisher {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);

    private final UplinkSettings settings;
    private final Outbox outbox;
    private final StateDocuments documents;
    private final Supplier<UplinkStatus> status;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> task;

    StatsPublisher(UplinkSettings settings, Outbox outbox, StateDocuments documents, Supplier<UplinkStatus> status) {
        this.settings = settings;
        this.outbox = outbox;
        this.documents = documents;
        this.status = status;
    }

    /** Creates the stats thread (with the sender's start). */
    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-uplink-stats");
            t.setDaemon(true);
            return t;
        });
    }

    /** Ends the stats thread (with the sender's stop). */
    void shutdown() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** Starts the periodic stats of a session; {@code client} gives the connected client, or null when not. */
    void schedule(Supplier<MqttAsyncClient> client) {
        long period = settings.statsIntervalS();
        task = executor.scheduleAtFixedRate(() -> publish(client.get()), period, period, TimeUnit.SECONDS);
    }

    /** Ends the periodic stats of the session. */
    void cancel() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }

    private void publish(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            OutboxStats os = null;
            try {
                os = outbox.stats();
            } catch (RuntimeException e) {
                LOG.debug("outbox stats failed", e);
            }
            byte[] doc = documents.stats(Instant.now(), os, status.get());
            c.publish(Topics.of(settings.gatewayId(), TopicKind.STATS), MqttMessages.live(doc));
        } catch (MqttException | RuntimeException e) {
            LOG.debug("uplink {}: stats not published: {}", settings.brokerUri(), e.toString());
        }
    }
}
