package org.hanedge.fleet.ingest;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.fleet.broker.MqttEndpoint;
import org.hanedge.fleet.broker.ServerMqttAccess;
import org.hanedge.fleet.broker.StateStamp;
import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;

/**
 * The server's MQTT consumer. A persistent session (clean start off, one-hour expiry) with manual acknowledgement:
 * a message is acknowledged to the broker only once its effects are committed, so a crash loses nothing (the broker
 * redelivers) and dedup absorbs the repeats. Telemetry, alarms, events and stats come through shared subscriptions
 * ({@code $share/{group}/...}) so several servers split the load; the retained state topic through a plain
 * subscription, since brokers do not send retained messages to shared subscriptions.
 *
 * <p>With the embedded broker the telemetry, alarms, events, stats and the gateways' own state messages (births,
 * shutdowns) are ingested before the broker acknowledges them ({@link EmbeddedIngest}), so this client subscribes
 * to {@code state} only, for the Last Wills, which HiveMQ publishes without passing its publish interceptors (and
 * for retained births of an earlier version at the first subscribe); what the interceptor already ingested, and a
 * Will older than the gateway's latest birth, is only acknowledged ({@link StateStamp}); it also removes the shared subscriptions a session of an earlier version may still
 * hold (whatever they had queued is delivered and ingested first; dedup absorbs repeats).
 */
@Component
public class MqttIngestClient implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestClient.class);
    static final TopicKind[] SHARED = { TopicKind.TELEMETRY, TopicKind.ALARM, TopicKind.EVENT, TopicKind.STATS };
    /** At most this many unacknowledged messages are in the server's hands. */
    static final int RECEIVE_MAXIMUM = 2048;

    private final ServerMqttAccess access;
    private final FleetProperties properties;
    private final IngestRouter router;
    /** Embedded mode: births go through the same routing thread as the broker's telemetry, in arrival order. */
    private final EmbeddedIngest embedded;
    private Mqtt5AsyncClient client;
    private ExecutorService executor;
    private volatile boolean running;

    public MqttIngestClient(ServerMqttAccess access, FleetProperties properties, IngestRouter router,
            ObjectProvider<EmbeddedIngest> embedded) {
        this.embedded = embedded.getIfAvailable();
        this.access = access;
        this.properties = properties;
        this.router = router;
    }

    @Override
    public void start() {
        MqttEndpoint ep = access.endpoint();
        executor = Executors.newSingleThreadExecutor(r -> new Thread(r, "hanedge-ingest-mqtt"));
        Mqtt5ClientBuilder b = ep.clientBuilder(clientId())
                .addConnectedListener(c -> LOG.info("ingest: connected to the broker {}", ep))
                .addDisconnectedListener(c -> {
                    if (running) {
                        LOG.warn("ingest: disconnected from the broker {}: {}", ep, c.getCause().toString());
                    }
                });
        client = b.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onPublish, executor, true);
        running = true;
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).keepAlive(30)
                .restrictions().receiveMaximum(RECEIVE_MAXIMUM).applyRestrictions()
                .send().join();
        String group = properties.mqtt().sharedGroup();
        var sub = client.subscribeWith()
                .addSubscription().topicFilter(Topics.filter(TopicKind.STATE)).qos(MqttQos.AT_LEAST_ONCE).applySubscription();
        if (properties.mqtt().embedded()) {
            sub.send().join();
            var unsub = client.unsubscribeWith().addTopicFilter(Topics.sharedFilter(group, SHARED[0]));
            for (int k = 1; k < SHARED.length; k++) {
                unsub = unsub.addTopicFilter(Topics.sharedFilter(group, SHARED[k]));
            }
            unsub.send().join();
            LOG.info("ingest: subscribed to state; {} are ingested by the embedded broker before it acknowledges them",
                    kinds());
            return;
        }
        for (TopicKind kind : SHARED) {
            sub = sub.addSubscription().topicFilter(Topics.sharedFilter(group, kind))
                    .qos(MqttQos.AT_LEAST_ONCE).applySubscription();
        }
        sub.send().join();
        LOG.info("ingest: subscribed to state, and {} via shared group '{}'", kinds(), group);
    }

    private static String kinds() {
        return java.util.Arrays.stream(SHARED).map(TopicKind::path).collect(java.util.stream.Collectors.joining(", "));
    }

    private String clientId() {
        return properties.mqtt().clientId();
    }

    private void onPublish(Mqtt5Publish p) {
        Long seq = null;
        for (var up : p.getUserProperties().asList()) {
            if (UserProperties.SEQ.equals(up.getName().toString())) {
                try {
                    seq = Long.parseLong(up.getValue().toString());
                } catch (NumberFormatException e) {
                    seq = null;
                }
            }
        }
        String contentType = p.getContentType().map(Object::toString).orElse(null);
        if (embedded != null) {
            // Last Wills (and copies of the births the broker's interceptor ingested, skipped there) go through
            // the thread that routes the broker's messages, ordered against the births by StateOrder
            embedded.routeInOrder(p.getTopic().toString(), p.getPayloadAsBytes(), contentType, seq, stamp(p),
                    p::acknowledge);
        } else {
            router.route(p.getTopic().toString(), p.getPayloadAsBytes(), contentType, seq, p::acknowledge);
        }
    }

    private static StateStamp stamp(Mqtt5Publish p) {
        return StateStamp.read(name -> p.getUserProperties().asList().stream()
                .filter(up -> name.equals(up.getName().toString())).findFirst()
                .map(up -> up.getValue().toString()));
    }

    @Override
    public void stop() {
        running = false;
        if (client != null) {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("ingest: disconnect: {}", e.toString());
            }
        }
        if (executor != null) {
            executor.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return IngestWriter.PHASE + 10;
    }
}
