package org.hanedge.simulators.fleet;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.TelemetryForm;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.UserProperties;
import org.hanedge.contract.senml.Precisions;
import org.hanedge.sites.GatewayCredential;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientExecutorConfig;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.exceptions.Mqtt5PubAckException;
import com.hivemq.client.mqtt.mqtt5.message.disconnect.Mqtt5DisconnectReasonCode;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientDisconnectedContext;
import com.hivemq.client.mqtt.mqtt5.lifecycle.Mqtt5ClientReconnector;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;

/**
 * One virtual gateway: an asynchronous MQTT 5 client on the fleet's shared netty event loop, speaking the uplink
 * contract. Once its first birth is acknowledged it takes one telemetry pack per tick, connected or not: the pack gets
 * its seqs and its record time when taken and goes to the gateway's {@link PackBacklog} (bounded; when full the oldest
 * pack is dropped and counted). While connected and its birth acknowledged, the backlog is published oldest first,
 * never more than {@code maxInFlight} unacknowledged. A pack that fails (connection lost before its PUBACK, or a PUBACK
 * error) goes back to the front of the backlog and is sent again with the same seqs after the reconnect (1-5 s); the
 * server dedups by (gateway, seq), so a pack the broker did get arrives twice, harmlessly, and none is lost.
 *
 * <p>The HiveMQ client keeps no session for us (clean start, session expiry 0, no republish): when a connection
 * closes it fails every publish in flight or queued, and it fails at once a publish issued while disconnected. So
 * every publish future completes exactly once, and requeueing on failure is the only resend. In backfill mode the
 * record time follows the seq rather than the clock, so a tick that finds {@code maxInFlight} packs already waiting is
 * skipped (counted) instead of taken, which keeps memory small when the broker lags and loses no reading.
 * A gateway that never connected does not retry and takes no readings.
 */
final class VirtualGateway {
    /** What every gateway of a fleet sends. */
    record Load(int recordsPerPack, Duration interval, int maxInFlight, TelemetryForm format, long firstSeq,
            String firmware, long backfillFrom, long backfillStep, int backlogLimit) {
        static final int DEFAULT_BACKLOG_LIMIT = 5000;

        Load(int recordsPerPack, Duration interval, int maxInFlight, TelemetryForm format, long firstSeq,
                String firmware, long backfillFrom, long backfillStep) {
            this(recordsPerPack, interval, maxInFlight, format, firstSeq, firmware, backfillFrom, backfillStep,
                    DEFAULT_BACKLOG_LIMIT);
        }

        /**
         * Record time of the {@code pack}-th pack: the time it is taken, or in backfill mode {@code backfillFrom}
         * plus {@code pack} steps (never later than now).
         */
        long timeOf(long pack, long now) {
            return backfillStep <= 0 ? now : Math.min(now, backfillFrom + pack * backfillStep);
        }

        boolean backfill() {
            return backfillStep > 0;
        }
    }

    private final GatewayCredential credentials;
    private final Load load;
    private final FleetStats stats;
    private final ScheduledExecutorService scheduler;
    private final ValueSource values;
    private final GatewayDocuments documents;
    private final String stateTopic;
    private final String telemetryTopic;
    private final TelemetryPacks packs;
    private final String desiredTopic;
    private final String reportedTopic;
    private final ConfigResponder config;
    private final Mqtt5AsyncClient client;

    // guarded by this
    private final PackBacklog backlog;
    private long nextSeq;
    private long readingsAcked;
    private long readingsDropped;
    private int inFlight;
    private long inFlightReadings;
    private boolean connected;
    private boolean ready;
    private boolean everConnected;
    private boolean sessionFailed;
    private boolean stopping;
    private boolean closing;
    private ScheduledFuture<?> ticker;

    VirtualGateway(GatewayCredential credentials, String host, int port, MqttClientExecutorConfig executors,
            ValueSource values, String profileVersion, Precisions precisions, Instant started, Load load,
            FleetStats stats, ScheduledExecutorService scheduler, ConfigResponder.Settings configSettings) {
        this.credentials = credentials;
        this.load = load;
        this.stats = stats;
        this.scheduler = scheduler;
        this.values = values;
        this.backlog = new PackBacklog(load.backlogLimit());
        this.nextSeq = load.firstSeq();
        String gw = credentials.gatewayId();
        this.documents = new GatewayDocuments(gw, load.firmware(), started, credentials.profile(), profileVersion,
                credentials.deviceId());
        this.stateTopic = Topics.of(gw, TopicKind.STATE);
        this.telemetryTopic = Topics.of(gw, TopicKind.TELEMETRY);
        this.desiredTopic = Topics.of(gw, TopicKind.CONFIG_DESIRED);
        this.reportedTopic = Topics.of(gw, TopicKind.CONFIG_REPORTED);
        this.config = new ConfigResponder(gw, credentials.deviceId(), configSettings, scheduler, this::publishReport);
        this.packs = new TelemetryPacks(load.format(), gw, credentials.deviceId(), precisions);
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
        // every session subscribes config/desired again (clean start); its messages all come here
        client.publishes(MqttGlobalPublishFilter.SUBSCRIBED, p -> config.onDesired(p.getPayloadAsBytes()));
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
        client.connect(connectMessage()); // the outcome arrives in onConnected / onDisconnected
    }

    /**
     * The CONNECT of every attempt, the reconnects included: the client's reconnector would otherwise reconnect with
     * a CONNECT without the credentials, which the fleet server's broker refuses.
     */
    private Mqtt5Connect connectMessage() {
        return Mqtt5Connect.builder()
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
                    .contentType(ContentType.JSON.mime())
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                    .applyWillPublish()
                .build();
    }

    private void onConnected() {
        synchronized (this) {
            connected = true;
            everConnected = true;
            sessionFailed = false;
        }
        stats.connected();
        // like the real uplink: the downlink subscription before the birth (retained desired document delivered),
        // then the configuration agent's last report again
        client.subscribeWith().topicFilter(desiredTopic).qos(MqttQos.AT_LEAST_ONCE).send();
        config.onConnected();
        Mqtt5Publish birth = Mqtt5Publish.builder().topic(stateTopic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                .payload(documents.birth(Instant.now())).contentType(ContentType.JSON.mime())
                .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).build();
        client.publish(birth).whenComplete((r, e) -> {
            if (e != null) {
                return; // the connection went away; the next connect publishes a new birth
            }
            stats.birthAcked();
            synchronized (this) {
                if (!connected || closing) {
                    return;
                }
                ready = true;
                if (ticker == null && !stopping) {
                    long period = load.interval().toNanos();
                    ticker = scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.NANOSECONDS);
                } else {
                    drain(); // the backlog first; live ticks append behind it
                }
            }
        });
    }

    private void onDisconnected(MqttClientDisconnectedContext ctx) {
        boolean was;
        boolean lost;
        boolean retry;
        synchronized (this) {
            was = connected;
            lost = ctx.getSource() != MqttDisconnectSource.USER || sessionFailed;
            connected = false;
            ready = false;
            retry = everConnected && !stopping;
        }
        if (was) {
            stats.disconnected(lost);
        } else {
            stats.connectFailed(FailureReasons.of(ctx.getCause()));
        }
        if (retry) {
            stats.connectAttempt();
            Mqtt5ClientReconnector reconnector = ((Mqtt5ClientDisconnectedContext) ctx).getReconnector();
            reconnector.reconnect(true).connect(connectMessage())
                    .delay(ThreadLocalRandom.current().nextLong(1000, 5000), TimeUnit.MILLISECONDS);
        }
    }

    private synchronized void tick() {
        if (stopping) {
            return;
        }
        if (load.backfill() && backlog.size() >= load.maxInFlight()) {
            stats.packSkipped(); // backfill time follows the seq: a skipped tick loses no reading
        } else {
            takePack();
        }
        drain();
    }

    /** Takes one pack now: its seqs and its record time are fixed here, then it waits in the backlog. Holds the lock. */
    private void takePack() {
        long seq = nextSeq;
        long time = load.timeOf((seq - load.firstSeq()) / load.recordsPerPack(), System.currentTimeMillis());
        values.advance(time);
        // live, a pack also carries every channel the profile would otherwise find silent too long; in backfill
        // mode packs keep their size, as the pack index gives their time
        int n = load.backfill() ? load.recordsPerPack() : Math.max(load.recordsPerPack(), values.due());
        nextSeq += n;
        byte[] payload = packs.encode(values, n, seq, time);
        stats.backlogChanged(n);
        dropped(backlog.add(new PackBacklog.Pack(seq, n, payload)));
    }

    private void dropped(List<PackBacklog.Pack> packs) {
        for (PackBacklog.Pack p : packs) {
            readingsDropped += p.count();
            stats.backlogChanged(-p.count());
            stats.readingsDropped(p.count());
        }
    }

    /** Publishes the backlog, oldest first, while the window has room. Holds the lock. */
    private void drain() {
        while (ready && !closing && inFlight < load.maxInFlight()) {
            PackBacklog.Pack p = backlog.poll();
            if (p == null) {
                return;
            }
            stats.backlogChanged(-p.count());
            inFlight++;
            inFlightReadings += p.count();
            publish(p);
        }
    }

    private void publish(PackBacklog.Pack pack) {
        Mqtt5PublishBuilder.Complete b = Mqtt5Publish.builder().topic(telemetryTopic).qos(MqttQos.AT_LEAST_ONCE)
                .payload(pack.payload()).contentType(load.format().contentType().mime());
        if (load.format().contentType().utf8()) {
            b.payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8);
        }
        if (load.format().carriesSeqProperties()) { // a thin pack numbers its records itself
            b = b.userProperties().add(UserProperties.SEQ, Long.toString(pack.seq()))
                    .add(UserProperties.SEQ_COUNT, Integer.toString(pack.count())).applyUserProperties();
        }
        Mqtt5Publish publish = b.build();
        stats.published(pack.count());
        long t0 = System.nanoTime();
        client.publish(publish).whenComplete((r, e) -> acknowledged(pack, t0, r, e));
    }

    private void acknowledged(PackBacklog.Pack pack, long t0, Mqtt5PublishResult result, Throwable error) {
        Throwable e = error != null ? error : result.getError().orElse(null);
        int n = pack.count();
        if (e == null) {
            stats.acked(n, System.nanoTime() - t0);
        } else {
            stats.publishFailed(n, FailureReasons.of(e));
        }
        boolean endSession = false;
        synchronized (this) {
            inFlight--;
            inFlightReadings -= n;
            if (e == null) {
                readingsAcked += n;
                drain();
            } else {
                // back to the front, resent with the same seqs after the reconnect; not drained from here, so a
                // client that fails publishes at once cannot spin
                stats.backlogChanged(n);
                dropped(backlog.requeue(pack));
                if (connected && !closing && !sessionFailed && rejected(e)) {
                    sessionFailed = true; // like the real uplink: a PUBACK error ends the session, retried later
                    endSession = true;
                } else if (ready && !closing) {
                    try {
                        scheduler.schedule(this::drainLater, 100, TimeUnit.MILLISECONDS); // still connected: soon
                    } catch (RejectedExecutionException stopped) {
                        // the fleet has stopped; the pack stays in the backlog and in the report
                    }
                }
            }
        }
        if (endSession) {
            client.disconnectWith().reasonCode(Mqtt5DisconnectReasonCode.DISCONNECT_WITH_WILL_MESSAGE).send();
        }
    }

    private synchronized void drainLater() {
        drain();
    }

    /**
     * A PUBACK reason code of 0x80 or above. Not a lost connection: by the time the client fails the publishes of a
     * lost connection (the session end runs after the disconnected listeners) {@code connected} is already false, and
     * a disconnect during the reconnect delay would cancel the reconnect.
     */
    private static boolean rejected(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof Mqtt5PubAckException;
    }

    /** Publishes a configuration report, retained, QoS 1; while disconnected it waits for the next connect. */
    private void publishReport(byte[] json) {
        synchronized (this) {
            if (!connected || closing) {
                return;
            }
        }
        client.publishWith().topic(reportedTopic).qos(MqttQos.AT_LEAST_ONCE).retain(true).payload(json)
                .contentType(ContentType.JSON.mime()).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .send(); // a report that fails goes out again with the next connect
    }

    ConfigResponder.State configState() {
        return config.state();
    }

    synchronized int inFlight() {
        return inFlight;
    }

    /** True while packs are in flight, or the backlog is not empty and the gateway is connected to send it. */
    synchronized boolean draining() {
        return inFlight > 0 || connected && !closing && !backlog.isEmpty();
    }

    synchronized GatewayReport report() {
        return new GatewayReport(id(), load.firstSeq(), nextSeq, nextSeq - load.firstSeq(), readingsAcked,
                inFlightReadings, backlog.readings(), readingsDropped);
    }

    /** Stops taking readings and reconnecting; the backlog still drains while connected. */
    synchronized void stopPublishing() {
        stopping = true;
        if (ticker != null) {
            ticker.cancel(false);
        }
    }

    /**
     * Publishes the retained shutdown state (when connected) and disconnects normally, so the broker discards the
     * Last Will. Packs still in flight then fail and go back to the backlog (see {@link #report()}). Call after
     * {@link #stopPublishing()}.
     */
    CompletableFuture<Void> shutdown() {
        boolean online;
        synchronized (this) {
            stopping = true;
            closing = true;
            online = connected;
        }
        CompletableFuture<?> before = CompletableFuture.completedFuture(null);
        if (online) {
            before = client.publishWith().topic(stateTopic).qos(MqttQos.AT_LEAST_ONCE).retain(true)
                    .payload(documents.shutdown(Instant.now())).contentType(ContentType.JSON.mime())
                    .payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8).send()
                    .orTimeout(5, TimeUnit.SECONDS);
        }
        return before.handle((r, e) -> null)
                .thenCompose(x -> client.disconnect())
                .handle((r, e) -> null);
    }
}
