package org.hanedge.fleet.ingest;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.broker.BrokerIngest;
import org.hanedge.fleet.broker.StateStamp;
import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Embedded mode: the broker hands the gateways' telemetry, alarms, events, stats and state (births, shutdowns) here
 * before it acknowledges them, and acknowledges each once {@link IngestWriter} committed it (docs/fleet-server.md,
 * "Ingest"). One thread routes the messages in arrival order (as the MQTT consumer did), so a gateway's birth is
 * applied before the telemetry it published after it; the broker's threads only queue them, and a full queue
 * refuses at once instead of waiting. Last Wills come through the server's subscription ({@link #routeInOrder}),
 * ordered against the births by {@link StateOrder}.
 *
 * <p>Stops before the writer: it refuses new messages, hands what it holds to the writer, and the writer commits
 * and acknowledges it before the broker stops. Whatever is not committed is never acknowledged.
 */
@Component
@ConditionalOnExpression("!'${hanedge.fleet.mqtt.mode:embedded}'.equalsIgnoreCase('external')")
public class EmbeddedIngest implements BrokerIngest, SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedIngest.class);
    /** Messages waiting to be routed at most (the MQTT consumer's receive maximum was the same). */
    static final int CAPACITY = 2048;
    /** The kinds a gateway's PUBACK waits for (Last Wills on {@code state} come through the server's subscription). */
    static final Set<TopicKind> KINDS = EnumSet.of(TopicKind.TELEMETRY, TopicKind.ALARM, TopicKind.EVENT,
            TopicKind.STATS, TopicKind.STATE);

    private final IngestRouter router;
    private final IngestWriter writer;
    private final Duration ackTimeout;
    private final ThreadPoolExecutor executor;
    /** Touched on the routing thread only. */
    private final StateOrder stateOrder = new StateOrder();
    private volatile boolean stopped;
    private volatile boolean running;

    public EmbeddedIngest(IngestRouter router, IngestWriter writer, FleetProperties properties) {
        this.router = router;
        this.writer = writer;
        this.ackTimeout = properties.ingest().ackTimeout();
        this.executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(CAPACITY),
                r -> new Thread(r, "hanedge-ingest-broker"));
        this.executor.prestartAllCoreThreads();
    }

    @Override
    public boolean ingests(String topic) {
        GatewayTopic t = parse(topic);
        return t != null && KINDS.contains(t.kind());
    }

    @Override
    public boolean isState(String topic) {
        GatewayTopic t = parse(topic);
        return t != null && t.kind() == TopicKind.STATE;
    }

    private static String gateway(String topic) {
        GatewayTopic t = parse(topic);
        return t == null ? null : t.gatewayId();
    }

    /** The topic's gateway and kind, or null when it is not one of ours. */
    private static GatewayTopic parse(String topic) {
        try {
            return topic == null ? null : Topics.parse(topic);
        } catch (TopicException e) {
            return null;
        }
    }

    @Override
    public Offer offer(String topic, byte[] payload, String contentType, Long seq, long connection,
            Runnable committed) {
        if (stopped) {
            return Offer.STOPPED;
        }
        boolean state = isState(topic);
        try {
            executor.execute(() -> {
                if (state) {
                    stateOrder.ingested(gateway(topic), connection);
                }
                route(topic, payload, contentType, seq, committed);
            });
            return Offer.ACCEPTED;
        } catch (RejectedExecutionException e) {
            return stopped || executor.isShutdown() ? Offer.STOPPED : Offer.FULL;
        }
    }

    /**
     * Routes a message that arrived through the server's own subscription ({@code state}) on the same thread as the
     * broker's messages, after those already queued; waits while the queue is full (that client then acknowledges
     * nothing more, and the broker holds the rest). A copy of a state message the interceptor already ingested, a
     * Will older than the gateway's latest ingested state, or an unstamped retained message older than it is only
     * acknowledged ({@link StateOrder}).
     */
    void routeInOrder(String topic, byte[] payload, String contentType, Long seq, StateStamp stamp, Runnable ack) {
        Runnable task = () -> {
            try {
                String gatewayId = gateway(topic);
                if (isState(topic) && !stateOrder.admit(gatewayId, stamp)) {
                    if (stamp.kind() == StateStamp.Kind.WILL) {
                        LOG.debug("ingest: Last Will of {} (connection {}) is older than its latest state: ignored",
                                gatewayId, stamp.connection());
                    }
                    ack.run();
                    return;
                }
                router.route(topic, payload, contentType, seq, ack);
            } catch (RuntimeException e) {
                LOG.error("ingest: a message on {} could not be routed", topic, e);
            }
        };
        if (stopped) {
            return; // not acknowledged: the broker delivers it again after the restart
        }
        try {
            executor.getQueue().put(task);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void route(String topic, byte[] payload, String contentType, Long seq, Runnable committed) {
        try {
            router.route(topic, payload, contentType, seq, () -> acknowledge(committed));
        } catch (RuntimeException e) {
            // not acknowledged: the broker answers the publisher with an error after the timeout, and it resends
            LOG.error("ingest: a message on {} could not be routed", topic, e);
        }
    }

    /**
     * The writer acknowledges after the commit. A handler that acknowledges at once (a repeat of a message still
     * waiting in the writer's queue) must not overtake that message: its acknowledgement then waits for everything
     * queued before it to be committed.
     */
    private void acknowledge(Runnable committed) {
        if (writer.inOnCommitted()) {
            committed.run();
        } else {
            writer.submit(new IngestItem(null, List.of(), List.of(), new long[0], null, committed));
        }
    }

    @Override
    public Duration ackTimeout() {
        return ackTimeout;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        stopped = true;
        running = false;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(20, TimeUnit.SECONDS)) {
                LOG.warn("ingest: {} messages were not handed to the writer before the stop (not acknowledged: the"
                        + " gateways send them again)", executor.getQueue().size());
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            executor.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Stops before the writer, so the writer commits (and acknowledges) what this hands it while stopping. */
    @Override
    public int getPhase() {
        return IngestWriter.PHASE + 10;
    }
}
