package org.hanedge.fleet.remoteconfig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditLog;
import org.hanedge.fleet.broker.MqttEndpoint;
import org.hanedge.fleet.broker.ServerMqttAccess;
import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

/**
 * The server's MQTT session for remote configuration (client id {@code {mqtt.client-id}.config}, persistent:
 * clean start off, one-hour expiry, so reports published while the server restarts are queued for it).
 *
 * <p><b>Desired</b>: {@link #publishLatest} publishes the gateway's <em>latest</em> stored version, retained, QoS 1,
 * on its {@code config/desired}, and records the broker's acknowledgement ({@code published_at}). Publishes run on one
 * thread, each waiting for its PUBACK, and always take the latest version when they run, so the retained document is
 * the newest one even when changes follow each other quickly. The first acknowledgement of a version is audited
 * ({@code CONFIG_PUBLISHED}, actor {@code server}). At start every gateway's latest version is published
 * again (the broker's retained messages are not in a backup; a gateway ignores a version it has handled), and every 30
 * s a latest version the broker has not acknowledged yet is tried again.
 *
 * <p><b>Reported</b>: a plain QoS 1 subscription to {@code hanedge/v1/+/config/reported} (retained: the newest
 * report of every gateway arrives at each start), handed to {@link ReportIntake} on its own thread, acknowledged
 * after it was stored (or refused).
 */
@Component
public class ConfigChannel implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigChannel.class);
    static final long PUBLISH_TIMEOUT_S = 10;

    private final ServerMqttAccess access;
    private final FleetProperties properties;
    private final RemoteConfigRepository repository;
    private final ReportIntake intake;
    private final AuditLog audit;
    private final TransactionTemplate tx;
    private final Clock clock;
    private Mqtt5AsyncClient client;
    private ExecutorService publisher;
    private ExecutorService reports;
    private volatile boolean running;

    public ConfigChannel(ServerMqttAccess access, FleetProperties properties, RemoteConfigRepository repository,
            ReportIntake intake, AuditLog audit, TransactionTemplate tx, Clock clock) {
        this.access = access;
        this.properties = properties;
        this.repository = repository;
        this.intake = intake;
        this.audit = audit;
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public void start() {
        MqttEndpoint ep = access.endpoint();
        publisher = Executors.newSingleThreadExecutor(r -> new Thread(r, "hanedge-config-publish"));
        reports = Executors.newSingleThreadExecutor(r -> new Thread(r, "hanedge-config-reports"));
        client = ep.clientBuilder(properties.mqtt().clientId() + ".config")
                .addDisconnectedListener(c -> {
                    if (running) {
                        LOG.warn("remote configuration: disconnected from the broker {}: {}", ep, c.getCause().toString());
                    }
                })
                .buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::onReport, reports, true);
        running = true;
        client.connectWith().cleanStart(false).sessionExpiryInterval(3600).keepAlive(30).send().join();
        String filter = Topics.filter(TopicKind.CONFIG_REPORTED);
        client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
        List<String> gateways = repository.gatewaysWithVersions();
        gateways.forEach(this::publishLatest);
        LOG.info("remote configuration: subscribed to {}; publishing the latest desired configuration of {} "
                + "gateway(s) again", filter, gateways.size());
    }

    private void onReport(Mqtt5Publish p) {
        try {
            intake.accept(p.getTopic().toString(), p.getPayloadAsBytes(), clock.millis());
        } catch (RuntimeException e) {
            LOG.error("remote configuration: report on {} not stored", p.getTopic(), e);
        } finally {
            p.acknowledge();
        }
    }

    /**
     * Publishes the gateway's latest version (retained, QoS 1) on the publishing thread.
     *
     * @return completes with the version the broker acknowledged (empty: the gateway has none), or exceptionally
     */
    public CompletableFuture<Optional<Long>> publishLatest(String gatewayId) {
        if (publisher == null || publisher.isShutdown()) {
            return CompletableFuture.failedFuture(new IllegalStateException("the MQTT session is not running"));
        }
        return CompletableFuture.supplyAsync(() -> publishNow(gatewayId), publisher);
    }

    private Optional<Long> publishNow(String gatewayId) {
        Optional<StoredVersion> latest = repository.latest(gatewayId);
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        StoredVersion v = latest.get();
        Mqtt5PublishResult result;
        try {
            result = client.publishWith().topic(Topics.of(gatewayId, TopicKind.CONFIG_DESIRED))
                    .qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .contentType(ContentType.JSON.mime()).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .payload(v.document().getBytes(StandardCharsets.UTF_8))
                    .send().get(PUBLISH_TIMEOUT_S, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("remote configuration: version {} of {} not published ({}); tried again within 30 s",
                    v.version(), gatewayId, e.toString());
            throw new IllegalStateException("not published: " + e, e);
        }
        if (result.getError().isPresent()) {
            LOG.warn("remote configuration: version {} of {} refused by the broker ({}); tried again within 30 s",
                    v.version(), gatewayId, result.getError().get().toString());
            throw new IllegalStateException("refused by the broker: " + result.getError().get());
        }
        if (v.publishedAt() == null && Boolean.TRUE.equals(tx.execute(s -> {
            if (!repository.markPublished(gatewayId, v.version(), clock.millis())) {
                return false;
            }
            audit.record("server", AuditAction.CONFIG_PUBLISHED, gatewayId, "PUBLISHED",
                    java.util.Map.of("version", v.version()));
            return true;
        }))) {
            LOG.info("remote configuration: version {} of {} published (retained)", v.version(), gatewayId);
        }
        return Optional.of(v.version());
    }

    /** Latest versions the broker has not acknowledged (the broker was away, a timeout) are tried again. */
    @Scheduled(initialDelay = 30_000, fixedDelay = 30_000)
    void retryUnpublished() {
        if (running) {
            repository.gatewaysWithUnpublishedLatest().forEach(this::publishLatest);
        }
    }

    @Override
    public void stop() {
        running = false;
        if (publisher != null) {
            publisher.shutdown();
            try {
                publisher.awaitTermination(PUBLISH_TIMEOUT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client != null) {
            try {
                client.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("remote configuration: disconnect: {}", e.toString());
            }
        }
        if (reports != null) {
            reports.shutdown();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return ServerMqttAccess.BROKER_PHASE + 20;
    }
}
