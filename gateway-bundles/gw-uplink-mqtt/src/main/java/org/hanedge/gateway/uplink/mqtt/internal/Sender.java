package org.hanedge.gateway.uplink.mqtt.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import javax.net.SocketFactory;
import javax.net.ssl.SSLContext;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The uplink thread: connects (exponential back-off with jitter), publishes the birth message, then drains the
 * outbox while connected: take, build messages, publish QoS 1 within the in-flight window and the rate limit,
 * acknowledge on PUBACK, release everything in flight when the connection is lost. One thread does all of it, so the
 * order of publishes is the outbox's take order (ALARM before EVENT before TELEMETRY, oldest first).
 */
public final class Sender {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    /** How long take() waits for entries before the loop looks at the connection again. */
    private static final Duration TAKE_WAIT = Duration.ofMillis(200);
    private static final long CONNECT_TIMEOUT_S = 15;
    private static final long PUBLISH_TIMEOUT_MS = 15_000;
    /** The same error is repeated at WARN at most this often; in between it goes to DEBUG. */
    private static final long SAME_ERROR_LOG_INTERVAL_MS = 5 * 60_000;
    private static final int MAX_TAKE = 5_000;

    private final UplinkSettings settings;
    private final Outbox outbox;
    private final StateDocuments documents;
    private final MessageBuilder builder;
    private final Backoff backoff;
    private final RateLimiter rateLimiter;
    private final String stateTopic;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private volatile boolean stopping;
    private volatile boolean connected;
    private volatile String sessionLost; // set by Paho's callback thread (or a refused publish) when the session ended
    private Thread thread;
    private MqttAsyncClient client; // the uplink thread's; stats read it while connected
    private final Map<Long, OutgoingMessage> inFlight = new ConcurrentHashMap<>();
    private final AtomicLong messageIds = new AtomicLong();
    private final AtomicInteger maxInFlightSeen = new AtomicInteger();
    private int entriesPerMessage; // estimate, adapted to the packs actually built

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong readingsSent = new AtomicLong();
    private final AtomicLong eventsSent = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private final AtomicLong failedAttempts = new AtomicLong();
    private volatile String lastError;
    private volatile Instant lastErrorTime;
    private String lastLoggedError;
    private long lastLoggedErrorAt;

    private ScheduledExecutorService statsExecutor;

    public Sender(UplinkSettings settings, Outbox outbox, StateDocuments documents) {
        this.settings = settings;
        this.outbox = outbox;
        this.documents = documents;
        this.builder = new MessageBuilder(settings.gatewayId(), new SenmlEncoder(settings.format()),
                settings.maxMessageBytes());
        this.backoff = new Backoff(settings.reconnectMinMs(), settings.reconnectMaxMs());
        this.rateLimiter = new RateLimiter(settings.rateMessagesPerS());
        this.stateTopic = settings.topicRoot() + "state";
        this.entriesPerMessage = Math.max(1, settings.maxMessageBytes() / 100);
    }

    public synchronized void start() {
        if (thread != null) {
            return;
        }
        statsExecutor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-uplink-stats");
            t.setDaemon(true);
            return t;
        });
        thread = new Thread(this::run, "hanedge-uplink");
        thread.setDaemon(true);
        thread.start();
    }

    /** Publishes the shutdown state (when connected), disconnects and ends the thread. */
    public synchronized void stop() {
        stopping = true;
        signal();
        if (thread != null) {
            try {
                thread.join(20_000);
                if (thread.isAlive()) {
                    LOG.warn("uplink {}: sender did not stop in time; interrupting", settings.brokerUri());
                    thread.interrupt();
                    thread.join(5_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }
        if (statsExecutor != null) {
            statsExecutor.shutdownNow();
        }
    }

    public UplinkStatus status() {
        return new UplinkStatus(settings.brokerUri(), connected, lastError, lastErrorTime, messagesSent.get(),
                readingsSent.get(), eventsSent.get(), connects.get(), Math.max(0, connects.get() - 1),
                failedAttempts.get(), inFlight.size(), maxInFlightSeen.get());
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until stop, a lost session or a signal, at most {@code nanos}. */
    private void await(long nanos) throws InterruptedException {
        lock.lock();
        try {
            if (!stopping && sessionLost == null && nanos > 0) {
                changed.awaitNanos(nanos);
            }
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        try {
            while (!stopping) {
                if (!connect()) {
                    long delay = backoff.nextDelayMs();
                    logError(lastError, delay);
                    sleepUnlessStopping(delay);
                    continue;
                }
                try {
                    drain();
                } finally {
                    endSession();
                }
                if (!stopping) {
                    long delay = backoff.nextDelayMs();
                    logError(lastError, delay);
                    sleepUnlessStopping(delay);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            releaseInFlight();
        } catch (RuntimeException | Error e) {
            LOG.error("uplink {}: sender thread failed", settings.brokerUri(), e);
            releaseInFlight();
        }
    }

    private void sleepUnlessStopping(long delayMs) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(delayMs);
        lock.lock();
        try {
            long left;
            while (!stopping && (left = deadline - System.nanoTime()) > 0) {
                changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
    }

    private void recordError(String cause) {
        lastError = cause;
        lastErrorTime = Instant.now();
    }

    private void logError(String cause, long retryMs) {
        long now = System.currentTimeMillis();
        String line = "uplink " + settings.brokerUri() + ": " + cause + "; retrying in " + formatDelay(retryMs);
        if (!cause.equals(lastLoggedError) || now - lastLoggedErrorAt >= SAME_ERROR_LOG_INTERVAL_MS) {
            LOG.warn(line);
            lastLoggedError = cause;
            lastLoggedErrorAt = now;
        } else {
            LOG.debug(line);
        }
    }

    static String formatDelay(long ms) {
        return ms < 10_000 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : (ms + 500) / 1000 + " s";
    }

    private MqttConnectionOptions options() throws TlsContexts.TlsConfigException {
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setServerURIs(new String[] {settings.brokerUri()});
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(settings.keepaliveS());
        o.setConnectionTimeout((int) CONNECT_TIMEOUT_S);
        if (settings.username() != null) {
            o.setUserName(settings.username());
        }
        if (settings.password() != null) {
            o.setPassword(settings.password().getBytes(StandardCharsets.UTF_8));
        }
        MqttMessage will = new MqttMessage(documents.lastWill(), 1, true, null);
        o.setWill(stateTopic, will);
        MqttProperties willProps = new MqttProperties();
        willProps.setContentType("application/json");
        willProps.setPayloadFormat(true);
        o.setWillMessageProperties(willProps);
        if (settings.tls()) {
            o.setHttpsHostnameVerificationEnabled(true);
            SocketFactory f;
            if (settings.tlsCaFile() != null || settings.tlsClientCertFile() != null) {
                f = TlsContexts.socketFactory(settings.tlsCaFile(), settings.tlsClientCertFile(),
                        settings.tlsClientKeyFile());
            } else {
                try {
                    f = new TlsContexts.HostVerifyingSocketFactory(SSLContext.getDefault().getSocketFactory());
                } catch (java.security.NoSuchAlgorithmException e) {
                    throw new TlsContexts.TlsConfigException("no default TLS context: " + e.getMessage(), e);
                }
            }
            o.setSocketFactory(f);
        }
        return o;
    }

    /** One connect attempt including the birth message. */
    private boolean connect() throws InterruptedException {
        sessionLost = null;
        MqttAsyncClient c = null;
        try {
            MqttConnectionOptions opts = options();
            c = new MqttAsyncClient(settings.brokerUri(), settings.gatewayId(), new MemoryPersistence());
            c.setCallback(new Callback());
            c.connect(opts).waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_S + 5));
            if (!c.isConnected()) {
                throw new MqttException(32104);
            }
            client = c;
            IMqttToken birth = c.publish(stateTopic, message(documents.birth(Instant.now()), true,
                    "application/json", true, null, 0));
            birth.waitForCompletion(PUBLISH_TIMEOUT_MS);
            checkReasonCodes(birth, "state");
        } catch (TlsContexts.TlsConfigException e) {
            failedAttempts.incrementAndGet();
            recordError(e.getMessage());
            closeQuietly(c);
            client = null;
            return false;
        } catch (MqttException | RuntimeException e) {
            failedAttempts.incrementAndGet();
            recordError(ConnectErrors.describe(e));
            LOG.debug("uplink {}: connect failed", settings.brokerUri(), e);
            closeQuietly(c);
            client = null;
            return false;
        }
        long n = connects.incrementAndGet();
        if (backoff.failures() > 0 || n > 1) {
            LOG.info("uplink {}: connected as {} (after {} failed attempts; last error: {})", settings.brokerUri(),
                    settings.gatewayId(), backoff.failures(), lastError);
        } else {
            LOG.info("uplink {}: connected as {}", settings.brokerUri(), settings.gatewayId());
        }
        backoff.reset();
        lastLoggedError = null;
        connected = true;
        scheduleStats();
        return true;
    }

    private void checkReasonCodes(IMqttToken token, String what) throws MqttException {
        int[] codes = token.getReasonCodes();
        if (codes != null) {
            for (int rc : codes) {
                if (rc >= 0x80) {
                    throw new MqttException(rc);
                }
            }
        }
    }

    private ScheduledFuture<?> statsTask;

    private void scheduleStats() {
        long period = settings.statsIntervalS();
        statsTask = statsExecutor.scheduleAtFixedRate(this::publishStats, period, period, TimeUnit.SECONDS);
    }

    private void publishStats() {
        MqttAsyncClient c = client;
        if (!connected || c == null) {
            return;
        }
        try {
            OutboxStats os = null;
            try {
                os = outbox.stats();
            } catch (RuntimeException e) {
                LOG.debug("outbox stats failed", e);
            }
            byte[] doc = documents.stats(Instant.now(), os, status());
            c.publish(settings.topicRoot() + "stats", message(doc, false, "application/json", true, null, 0));
        } catch (MqttException | RuntimeException e) {
            LOG.debug("uplink {}: stats not published: {}", settings.brokerUri(), e.toString());
        }
    }

    static MqttMessage message(byte[] payload, boolean retained, String contentType, boolean utf8, Long seq,
            int count) {
        MqttProperties p = new MqttProperties();
        p.setContentType(contentType);
        if (utf8) {
            p.setPayloadFormat(true);
        }
        if (seq != null) {
            List<UserProperty> ups = new ArrayList<>(2);
            ups.add(new UserProperty("seq", Long.toString(seq)));
            if (count > 0) {
                ups.add(new UserProperty("seq-count", Integer.toString(count)));
            }
            p.setUserProperties(ups);
        }
        return new MqttMessage(payload, 1, retained, p);
    }

    /** Runs while the session is up. */
    private void drain() throws InterruptedException {
        List<OutgoingMessage> pendingRelease = new ArrayList<>();
        while (!stopping && sessionLost == null) {
            int free = settings.maxInflight() - inFlight.size();
            if (free <= 0) {
                await(TimeUnit.MILLISECONDS.toNanos(500));
                continue;
            }
            int max = (int) Math.min(MAX_TAKE, (long) free * entriesPerMessage);
            List<OutboxEntry> entries = outbox.take(max, TAKE_WAIT);
            if (entries.isEmpty()) {
                continue;
            }
            List<OutgoingMessage> messages = builder.build(entries);
            adaptEstimate(messages);
            int i = 0;
            for (; i < messages.size(); i++) {
                if (stopping || sessionLost != null || inFlight.size() >= settings.maxInflight()) {
                    break;
                }
                if (!awaitToken()) {
                    break;
                }
                if (!publish(messages.get(i))) {
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
            if (stopping || sessionLost != null) {
                return false;
            }
            await(wait);
        }
        return !stopping && sessionLost == null;
    }

    private boolean publish(OutgoingMessage m) {
        long id = messageIds.incrementAndGet();
        inFlight.put(id, m);
        maxInFlightSeen.accumulateAndGet(inFlight.size(), Math::max);
        try {
            MqttMessage msg = message(m.payload(), false, m.contentType(), m.readings() == 0
                    || settings.format() == SenmlFormat.JSON, m.firstSeq(), m.seqs().size());
            client.publish(settings.topicRoot() + m.topicSuffix(), msg, id, new DeliveryListener());
            return true;
        } catch (MqttException | RuntimeException e) {
            OutgoingMessage mine = inFlight.remove(id);
            if (mine != null) {
                outbox.release(mine.seqs());
            }
            if (e instanceof MqttException me && me.getReasonCode() == 32202) {
                // Paho's own window (the broker's receive maximum) is smaller than max.inflight: wait for acks.
                LOG.debug("uplink {}: broker receive maximum reached", settings.brokerUri());
                return false;
            }
            sessionEnded(ConnectErrors.describe(e));
            return false;
        }
    }

    private void sessionEnded(String cause) {
        lock.lock();
        try {
            if (sessionLost == null) {
                sessionLost = cause == null ? "connection lost" : cause;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void endSession() {
        connected = false;
        if (statsTask != null) {
            statsTask.cancel(false);
            statsTask = null;
        }
        MqttAsyncClient c = client;
        if (stopping && sessionLost == null && c != null && c.isConnected()) {
            // Orderly shutdown: give in-flight messages a moment to be acknowledged, then say goodbye.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
            lock.lock();
            try {
                while (!inFlight.isEmpty() && sessionLost == null && System.nanoTime() < deadline) {
                    changed.awaitNanos(TimeUnit.MILLISECONDS.toNanos(100));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                lock.unlock();
            }
            try {
                c.publish(stateTopic, message(documents.shutdown(Instant.now()), true, "application/json", true, null,
                        0)).waitForCompletion(5_000);
                c.disconnect(5_000).waitForCompletion(6_000);
            } catch (MqttException | RuntimeException e) {
                LOG.debug("uplink {}: orderly disconnect failed: {}", settings.brokerUri(), e.toString());
            }
            LOG.info("uplink {}: disconnected (shutdown)", settings.brokerUri());
        } else if (sessionLost != null) {
            recordError(sessionLost);
        }
        releaseInFlight();
        closeQuietly(c);
        client = null;
    }

    private void releaseInFlight() {
        List<Long> seqs = new ArrayList<>();
        for (Long id : new ArrayList<>(inFlight.keySet())) {
            OutgoingMessage m = inFlight.remove(id);
            if (m != null) {
                seqs.addAll(m.seqs());
            }
        }
        if (!seqs.isEmpty()) {
            outbox.release(seqs);
            LOG.debug("uplink {}: released {} in-flight entries", settings.brokerUri(), seqs.size());
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

    private final class DeliveryListener implements MqttActionListener {
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
            OutgoingMessage m = inFlight.remove(id);
            if (m == null) {
                return; // already released (connection lost)
            }
            if (refused != 0) {
                outbox.release(m.seqs());
                String reason = ConnectErrors.reasonText(refused);
                sessionEnded("broker refused a message on " + m.topicSuffix() + ": "
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
            signal();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable exception) {
            Long id = (Long) token.getUserContext();
            OutgoingMessage m = inFlight.remove(id);
            if (m != null) {
                outbox.release(m.seqs());
            }
            sessionEnded(exception == null ? "publish failed" : ConnectErrors.describe(exception));
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void disconnected(MqttDisconnectResponse response) {
            String cause;
            if (response.getException() != null) {
                String d = ConnectErrors.describe(response.getException());
                cause = d.startsWith("connection") ? d : "connection lost: " + d;
            } else {
                String reason = ConnectErrors.reasonText(response.getReturnCode());
                cause = "disconnected by the broker: " + (reason == null ? "reason" : reason) + " (reason "
                        + response.getReturnCode() + ")";
            }
            connected = false;
            sessionEnded(cause);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.debug("uplink {}: {}", settings.brokerUri(), ConnectErrors.describe(exception));
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // no subscriptions yet
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // handled per message by DeliveryListener
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            // we connect ourselves
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
