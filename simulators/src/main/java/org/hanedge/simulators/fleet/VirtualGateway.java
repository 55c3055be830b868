package org.hanedge.simulators.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

/**
 * One virtual gateway: an asynchronous MQTT 5 client on the fleet's shared netty event loop, speaking the uplink
 * contract. On every connect it publishes the retained birth and, once that is acknowledged, one telemetry pack per
 * tick, never more than {@code maxInFlight} unacknowledged. A tick that finds the window full is owed (at most
 * {@code maxInFlight} owed, later ticks are skipped and counted), so memory stays bounded when the broker lags.
 * After a lost connection it reconnects (1-5 s); a gateway that never connected does not retry.
 */
final class VirtualGateway {
    /** What every gateway of a fleet sends. */
    record Load(int recordsPerPack, Duration interval, int maxInFlight, PackFormat format, long firstSeq,
            String firmware, long backfillFrom, long backfillStep) {

        /**
         * Record time of the {@code pack}-th pack: the publish time, or in backfill mode {@code backfillFrom} plus
         * {@code pack} steps (never later than now).
         */
        long timeOf(long pack, long now) {
            return backfillStep <= 0 ? now : Math.min(now, backfillFrom + pack * backfillStep);
        }
    }

    private final GatewayCredentials credentials;
    private final Load load;
    private final FleetStats stats;
    private final ScheduledExecutorService scheduler;
    private final ValueSource values;
    private final GatewayDocuments documents;
    private final String stateTopic;
    private final String telemetryTopic;
    private final String baseName;
    private final Mqtt5AsyncClient client;

    // guarded by this
    private long nextSeq;
    private int inFlight;
    private int owed;
    private boolean connected;
    private boolean ready;
    private boolean everConnected;
    private boolean stopping;
    private ScheduledFuture<?> ticker;

    VirtualGateway(GatewayCredentials credentials, String host, int port, MqttClientExecutorConfig executors,
            ValueSource values, String profileVersion, Instant started, Load load, FleetStats stats,
            ScheduledExecutorService scheduler) {
        this.credentials = credentials;
        this.load = load;
        this.stats = stats;
        this.scheduler = scheduler;
        this.values = values;
        this.nextSeq = load.firstSeq();
        String gw = credentials.gatewayId();
        this.documents = new GatewayDocuments(gw, load.firmware(), started, credentials.profileId(), profileVersion,
                credentials.deviceId());
        this.stateTopic = "hanedge/v1/" + gw + "/state";
        this.telemetryTopic = "hanedge/v1/" + gw + "/telemetry";
        this.baseName = gw + "/" + credentials.deviceId() + "/";
        this.client = MqttClient.builder().useMqttVersion5()
                .identifier(gw)
                .transportConfig()
                    .serverHost(host).serverPort(port)
                    .socketConnectTimeout(10, TimeUnit.SECONDS)
                    .mqttConnectTimeout(30, TimeUnit.SECONDS)
                    .applyTransportConfig()
                .executorConfig(executors)
                .addConnectedListener(ctx -> onConnected())
                .addDisconnectedListener(this::onDisconnected)
                .buildAsync();
    }

    String id() {
        return credentials.gatewayId();
    }

    /** Sends CONNECT (clean start, keep-alive 60 s, user name = gateway id, retained Last Will on state). */
    void connect() {
        synchronized (this) {
            if (stopping) {
                return;
            }
        }
        stats.connectAttempt();
        client.connectWith()
                .cleanStart(true)
                .keepAlive(60)
                .simpleAuth()
                    .username(credentials.gatewayId())
                    .password(credentials.password().getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth()
                .willPublish()
                    .topic(stateTopic)
                    .qos(MqttQos.AT_LEAST_ONCE)
                    .retain(true)
                    .payload(documents.lastWill())
                    .contentType("application/json")
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .applyWillPublish()
                .send(); // the outcome arrives in onConnected / onDisconnected
    }

    private void onConnected() {
        synchronized (this) {
            connected = true;
            everConnected = true;
        }
        stats.connected();
        Mqtt5Publish birth = Mqtt5Publish.builder().topic(stateTopic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(documents.birth(Instant.now())).contentType("application/json")
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).build();
        client.publish(birth).whenComplete((r, e) -> {
            if (e != null) {
                return; // the connection went away; the next connect publishes a new birth
            }
            stats.birthAcked();
            synchronized (this) {
                if (!connected || stopping) {
                    return;
                }
                ready = true;
                if (ticker == null) {
                    long period = load.interval().toNanos();
                    ticker = scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
                } else {
                    drain();
                }
            }
        });
    }

    private void onDisconnected(MqttClientDisconnectedContext ctx) {
        boolean was;
        boolean retry;
        synchronized (this) {
            was = connected;
            connected = false;
            ready = false;
            retry = everConnected && !stopping;
        }
        if (was) {
            stats.disconnected(ctx.getSource() != MqttDisconnectSource.USER);
        } else {
            stats.connectFailed(FailureReasons.of(ctx.getCause()));
        }
        if (retry) {
            stats.connectAttempt();
            ctx.getReconnector().reconnect(true).delay(ThreadLocalRandom.current().nextLong(1000, 5000),
                    TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void tick() {
        if (stopping) {
            return;
        }
        if (owed >= load.maxInFlight()) {
            stats.packSkipped();
        } else {
            owed++;
        }
        drain();
    }

    /** Publishes owed packs while the window has room. Holds the lock. */
    private void drain() {
        while (ready && !stopping && owed > 0 && inFlight < load.maxInFlight()) {
            owed--;
            inFlight++;
            publishPack();
        }
    }

    private void publishPack() {
        int n = load.recordsPerPack();
        long seq = nextSeq;
        nextSeq += n;
        long time = load.timeOf((seq - load.firstSeq()) / n, System.currentTimeMillis());
        byte[] payload = SenmlPacks.encode(load.format(), baseName, values, n, seq, time);
        Mqtt5PublishBuilder.Complete b = Mqtt5Publish.builder().topic(telemetryTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(payload).contentType(load.format().contentType());
        if (load.format() == PackFormat.JSON) {
            b.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
        }
        Mqtt5Publish publish = b.userProperties().add("seq", Long.toString(seq))
                .add("seq-count", Integer.toString(n)).applyUserProperties().build();
        stats.published(n);
        long t0 = System.nanoTime();
        client.publish(publish).whenComplete((r, e) -> acknowledged(n, t0, r, e));
    }

    private void acknowledged(int n, long t0, Mqtt5PublishResult result, Throwable error) {
        Throwable e = error != null ? error : result.getError().orElse(null);
        if (e == null) {
            stats.acked(n, System.nanoTime() - t0);
        } else {
            stats.publishFailed(n, FailureReasons.of(e));
        }
        synchronized (this) {
            inFlight--;
            drain();
        }
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** Stops publishing telemetry; packs in flight may still be acknowledged. */
    synchronized void stopPublishing() {
        stopping = true;
        owed = 0;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /**
     * Publishes the retained shutdown state (when connected) and disconnects normally, so the broker discards the
     * Last Will. Call after {@link #stopPublishing()}.
     */
    CompletableFuture<Void> shutdown() {
        boolean online;
        synchronized (this) {
            stopping = true;
            online = connected;
        }
        CompletableFuture<?> before = CompletableFuture.completedFuture(null);
        if (online) {
            before = client.publishWith().topic(stateTopic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(documents.shutdown(Instant.now())).contentType("application/json")
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).send()
                    .orTimeout(5, TimeUnit.SECONDS);
        }
        return before.handle((r, e) -> null)
                .thenCompose(x -> client.disconnect())
                .handle((r, e) -> null);
    }
}
