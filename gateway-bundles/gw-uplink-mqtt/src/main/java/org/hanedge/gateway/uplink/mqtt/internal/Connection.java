package org.hanedge.gateway.uplink.mqtt.internal;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.TopicKind;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session lifecycle, on the uplink thread: one connect attempt including the birth message (a session counts as
 * up once the birth is acknowledged), the back-off wait after a failure or a lost session, and the end of a session
 * (orderly shutdown state and DISCONNECT when stopping, otherwise the cause recorded; in-flight entries released).
 */
final class Connection {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long PUBLISH_TIMEOUT_MS = 15_000;

    private final UplinkSettings settings;
    private final StateDocuments documents;
    private final SessionSignals signals;
    private final InFlight inFlight;
    private final StatsPublisher stats;
    private final ErrorLog errors;
    private final Backoff backoff;
    private final String stateTopic;
    private final CommandHandler commands;
    private final TimeClient time; // null: no time requests
    private final Downlinks downlinks;

    private volatile boolean connected;
    private volatile MqttAsyncClient client; // the uplink thread's; stats read it while connected
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();

    Connection(UplinkSettings settings, StateDocuments documents, SessionSignals signals, InFlight inFlight,
            StatsPublisher stats, ErrorLog errors, CommandHandler commands, TimeClient time, Downlinks downlinks) {
        this.time = time;
        this.downlinks = downlinks;
        this.settings = settings;
        this.documents = documents;
        this.signals = signals;
        this.inFlight = inFlight;
        this.stats = stats;
        this.errors = errors;
        this.commands = commands;
        this.backoff = new Backoff(settings.reconnectMinMs(), settings.reconnectMaxMs());
        this.stateTopic = Topics.of(settings.gatewayId(), TopicKind.STATE);
    }

    boolean connected() {
        return connected;
    }

    /** The client of the current session (uplink thread). */
    MqttAsyncClient client() {
        return client;
    }

    long connects() {
        return connects.get();
    }

    long failedAttempts() {
        return failedAttempts.get();
    }

    /**
     * One connect attempt including the command subscription and the birth message (subscribed first, so a gateway
     * that announced itself online takes commands); false (the cause recorded) when it failed.
     */
    boolean connect() throws InterruptedException {
        signals.newSession();
        MqttAsyncClient c = null;
        try {
            MqttConnectionOptions opts = ConnectOptions.of(settings, documents, stateTopic);
            c = new MqttAsyncClient(settings.brokerUri(), settings.gatewayId(), new MemoryPersistence());
            MqttAsyncClient session = c;
            c.setCallback(new PahoCallback(settings.brokerUri(), this::lost,
                    (topic, message) -> {
                        if (time != null && topic.equals(time.responseTopic())) {
                            time.accept(message);
                        } else if (!downlinks.accept(topic, message)) {
                            commands.accept(session, topic, message);
                        }
                    }));
            c.connect(opts).waitForCompletion(TimeUnit.SECONDS.toMillis(ConnectOptions.CONNECT_TIMEOUT_S + 5));
            if (!c.isConnected()) {
                throw new MqttException(32104);
            }
            client = c;
            subscribeCommands(c);
            downlinks.subscribeAll(c);
            IMqttToken birth = c.publish(stateTopic, MqttMessages.state(documents.birth(Instant.now())));
            birth.waitForCompletion(PUBLISH_TIMEOUT_MS);
            checkReasonCodes(birth);
            if (time != null) {
                time.start(c, PUBLISH_TIMEOUT_MS); // before anything held is sent
            }
        } catch (TlsContexts.TlsConfigException e) {
            failedAttempts.incrementAndGet();
            errors.record(e.getMessage());
            closeQuietly(c);
            client = null;
            if (time != null) {
                time.stop();
            }
            return false;
        } catch (MqttException | RuntimeException e) {
            failedAttempts.incrementAndGet();
            errors.record(ConnectErrors.describe(e));
            LOG.debug("uplink {}: connect failed", settings.brokerUri(), e);
            closeQuietly(c);
            client = null;
            if (time != null) {
                time.stop();
            }
            return false;
        }
        long n = connects.incrementAndGet();
        if (backoff.failures() > 0 || n > 1) {
            LOG.info("uplink {}: connected as {} (after {} failed attempts; last error: {})", settings.brokerUri(),
                    settings.gatewayId(), backoff.failures(), errors.lastError());
        } else {
            LOG.info("uplink {}: connected as {}", settings.brokerUri(), settings.gatewayId());
        }
        backoff.reset();
        errors.connected();
        connected = true;
        stats.schedule(this::connectedClient);
        downlinks.sessionUp(c);
        return true;
    }

    /**
     * Subscribes QoS 1 to {@code .../cmd/+} without retained messages (a retained command is never replayed on
     * connect). A refused subscription (e.g. the broker's ACL) is logged and the session goes on without commands.
     */
    private void subscribeCommands(MqttAsyncClient c) throws MqttException {
        MqttSubscription sub = new MqttSubscription(commands.topicFilter(), 1);
        sub.setRetainHandling(2);
        IMqttToken t = c.subscribe(sub);
        t.waitForCompletion(PUBLISH_TIMEOUT_MS);
        int[] codes = t.getReasonCodes();
        if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
            String reason = ConnectErrors.reasonText(codes[0]);
            LOG.warn("uplink {}: subscription to {} refused: {} (reason {}); no remote commands in this session",
                    settings.brokerUri(), commands.topicFilter(), reason == null ? "refused" : reason, codes[0]);
        }
    }

    /** Logs the last error and waits the next back-off delay (less when a stop is requested). */
    void waitBeforeRetry() throws InterruptedException {
        long delay = backoff.nextDelayMs();
        errors.logRetry(delay);
        signals.sleepUnlessStopping(delay);
    }

    /** Ends the session: orderly when stopping on a live connection, then releases what is in flight. */
    void endSession() {
        connected = false;
        downlinks.sessionDown();
        stats.cancel();
        if (time != null) {
            time.stop();
        }
        MqttAsyncClient c = client;
        if (signals.stopping() && signals.sessionLost() == null && c != null && c.isConnected()) {
            // Orderly shutdown: give in-flight messages a moment to be acknowledged, then say goodbye.
            signals.awaitUntil(inFlight::isEmpty, TimeUnit.SECONDS.toNanos(3));
            try {
                c.publish(stateTopic, MqttMessages.state(documents.shutdown(Instant.now()))).waitForCompletion(5_000);
                c.disconnect(5_000).waitForCompletion(6_000);
            } catch (MqttException | RuntimeException e) {
                LOG.debug("uplink {}: orderly disconnect failed: {}", settings.brokerUri(), e.toString());
            }
            LOG.info("uplink {}: disconnected (shutdown)", settings.brokerUri());
        } else if (signals.sessionLost() != null) {
            errors.record(signals.sessionLost());
        }
        inFlight.releaseAll();
        closeQuietly(c);
        client = null;
    }

    /** Paho's callback thread: the connection is gone. */
    private void lost(String cause) {
        connected = false;
        downlinks.sessionDown();
        signals.sessionEnded(cause);
    }

    /** The client while a session is up, else null (for the stats thread). */
    private MqttAsyncClient connectedClient() {
        MqttAsyncClient c = client;
        return connected ? c : null;
    }

    private static void checkReasonCodes(IMqttToken token) throws MqttException {
        int[] codes = token.getReasonCodes();
        if (codes != null) {
            for (int rc : codes) {
                if (rc >= 0x80) {
                    throw new MqttException(rc);
                }
            }
        }
    }

    private static void closeQuietly(MqttAsyncClient c) {
        if (c == null) {
            return;
        }
        try {
            if (c.isConnected()) {
                c.disconnectForcibly(0, 1_000, false);
            }
        } catch (MqttException | RuntimeException e) {
            // ignore
        }
        try {
            c.close(true);
        } catch (MqttException | RuntimeException e) {
            // ignore
        }
    }
}
