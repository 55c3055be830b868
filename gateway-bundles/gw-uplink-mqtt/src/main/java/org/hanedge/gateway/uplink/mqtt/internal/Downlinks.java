package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.gateway.api.uplink.DownlinkListener;
import org.hanedge.gateway.api.uplink.Uplink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link DownlinkListener} whiteboard and live publishes for other bundles ({@link Uplink}): in every session each
 * listener's topic is subscribed (QoS 1, retained messages delivered) before the birth, and once the session is up
 * each listener is told; a listener that appears during a session is subscribed at once. Messages on those topics
 * go to their listeners on Paho's callback thread. Nothing a listener does reaches Paho or ends the session.
 */
final class Downlinks {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private static final long SUBSCRIBE_TIMEOUT_MS = 15_000;
    private static final int PUBLISH_RETRIES = 40;
    private static final long PUBLISH_RETRY_MS = 50;

    private final Map<DownlinkListener, String> listeners = new ConcurrentHashMap<>();
    private final Set<String> subscribed = ConcurrentHashMap.newKeySet(); // in the current session
    private volatile String root; // null until the uplink is configured
    private volatile MqttAsyncClient session; // while a session is up
    private volatile Uplink self;

    /** The gateway's topic root and the service handed to {@link DownlinkListener#connected}. */
    void configure(String gatewayId, Uplink uplink) {
        this.root = Topics.root(gatewayId);
        this.self = uplink;
    }

    /** Adds a listener (any thread); subscribes at once during a session. */
    void add(DownlinkListener listener, String path) {
        if (path == null || path.isEmpty() || path.indexOf('+') >= 0 || path.indexOf('#') >= 0
                || path.startsWith("/")) {
            LOG.warn("uplink: downlink listener {} ignored: {} '{}' is not a topic below the gateway's root",
                    listener, DownlinkListener.TOPIC, path);
            return;
        }
        listeners.put(listener, path);
        MqttAsyncClient c = session;
        if (c != null) {
            subscribe(c, Set.of(path), false);
            notifyConnected(listener);
        }
    }

    void remove(DownlinkListener listener) {
        listeners.remove(listener);
    }

    /** Uplink thread, before the birth: subscribes every listener's topic. */
    void subscribeAll(MqttAsyncClient client) {
        subscribed.clear();
        subscribe(client, Set.copyOf(listeners.values()), true);
    }

    /** Uplink thread, the session is up: subscribes topics of listeners added meanwhile, tells every listener. */
    void sessionUp(MqttAsyncClient client) {
        session = client;
        Set<String> late = new java.util.HashSet<>(listeners.values());
        late.removeAll(subscribed);
        subscribe(client, late, false);
        listeners.keySet().forEach(this::notifyConnected);
    }

    void sessionDown() {
        session = null;
        subscribed.clear();
    }

    /** Paho's callback thread: hands a message on a listener's topic to it; false when no listener has the topic. */
    boolean accept(String topic, MqttMessage message) {
        String r = root;
        if (r == null || !topic.startsWith(r)) {
            return false;
        }
        String path = topic.substring(r.length());
        boolean handled = false;
        for (Map.Entry<DownlinkListener, String> e : listeners.entrySet()) {
            if (e.getValue().equals(path)) {
                handled = true;
                try {
                    e.getKey().messageArrived(path, message.getPayload(), message.isRetained());
                } catch (RuntimeException x) {
                    LOG.warn("uplink: downlink listener for {} failed: {}", path, x.toString());
                }
            }
        }
        return handled;
    }

    /** A live JSON document under the root (QoS 1, never stored); completes on PUBACK. */
    CompletionStage<Void> publish(String path, byte[] json, boolean retained) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        MqttAsyncClient c = session;
        String r = root;
        if (c == null || r == null) {
            done.completeExceptionally(new IllegalStateException("uplink not connected"));
            return done;
        }
        publish(c, r + path, MqttMessages.message(json, retained, ContentType.JSON, null, 0), done, 0);
        return done;
    }

    private void publish(MqttAsyncClient c, String topic, MqttMessage m, CompletableFuture<Void> done, int attempt) {
        try {
            c.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] codes = token.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        String reason = ConnectErrors.reasonText(codes[0]);
                        done.completeExceptionally(new IllegalStateException("broker refused " + topic + ": "
                                + (reason == null ? "error" : reason) + " (reason " + codes[0] + ")"));
                    } else {
                        done.complete(null);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable exception) {
                    done.completeExceptionally(exception == null ? new IllegalStateException("publish failed")
                            : exception);
                }
            });
        } catch (MqttException e) {
            if (e.getReasonCode() == 32202 && attempt < PUBLISH_RETRIES) {
                // Paho's window (the broker's receive maximum) is full of telemetry: try again shortly.
                CompletableFuture.delayedExecutor(PUBLISH_RETRY_MS, TimeUnit.MILLISECONDS)
                        .execute(() -> publish(c, topic, m, done, attempt + 1));
            } else {
                done.completeExceptionally(e);
            }
        } catch (RuntimeException e) {
            done.completeExceptionally(e);
        }
    }

    private void subscribe(MqttAsyncClient client, Set<String> paths, boolean wait) {
        String r = root;
        for (String path : paths) {
            try {
                MqttSubscription sub = new MqttSubscription(r + path, 1);
                IMqttToken t = client.subscribe(sub);
                subscribed.add(path);
                if (wait) {
                    t.waitForCompletion(SUBSCRIBE_TIMEOUT_MS);
                    int[] codes = t.getReasonCodes();
                    if (codes != null && codes.length > 0 && codes[0] >= 0x80) {
                        String reason = ConnectErrors.reasonText(codes[0]);
                        LOG.warn("uplink: subscription to {} refused: {} (reason {})", r + path,
                                reason == null ? "refused" : reason, codes[0]);
                    }
                }
            } catch (MqttException | RuntimeException e) {
                LOG.warn("uplink: subscription to {} failed: {}", r + path, e.toString());
            }
        }
    }

    private void notifyConnected(DownlinkListener listener) {
        Uplink u = self;
        if (u == null) {
            return;
        }
        try {
            listener.connected(u);
        } catch (RuntimeException e) {
            LOG.warn("uplink: downlink listener {} failed on connect: {}", listener, e.toString());
        }
    }
}
