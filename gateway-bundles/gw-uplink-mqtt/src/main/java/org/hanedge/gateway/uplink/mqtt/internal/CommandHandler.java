package org.hanedge.gateway.uplink.mqtt.internal;

import org.hanedge.contract.mqtt.Topics;
import org.hanedge.contract.mqtt.TopicKind;
import java.time.Instant;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.hanedge.gateway.api.OutputDriver;
import org.hanedge.gateway.api.WriteCommand;
import org.hanedge.gateway.api.WriteResult;
import org.hanedge.gateway.api.WriteStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Remote commands: messages on {@code Topics.command(gatewayId, name)} (MQTT 5 request/response). Paho's callback
 * thread only hands a message over ({@link #accept}); parsing and the driver call run on a small bounded executor
 * ({@code hanedge-uplink-cmd}); the response is published live (QoS 1, not retained, never stored) to the request's
 * Response Topic when it lies under the gateway's root, else to {@code .../cmd-res/{name}}, with the request's
 * Correlation Data. Nothing here throws into Paho.
 *
 * <p>Commands: {@code write} (see {@link WriteRequest}), routed to the {@link OutputDriver} of the device. Statuses
 * beyond {@link WriteStatus}: {@code BAD_REQUEST} and {@code UNKNOWN_COMMAND}.
 */
final class CommandHandler {
    // the Sender's logger: the uplink's log lines keep their logger name
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final String BAD_REQUEST = "BAD_REQUEST";
    static final String UNKNOWN_COMMAND = "UNKNOWN_COMMAND";
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final long DEFAULT_TIMEOUT_MS = 10_000;
    private static final int THREADS = 2;
    private static final int QUEUE = 64;
    private static final int PUBLISH_RETRIES = 40;
    private static final long PUBLISH_RETRY_MS = 50;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String root;
    private final String cmdPrefix;
    private final String responsePrefix;
    private final Function<String, OutputDriver> drivers;
    private final long timeoutMs;
    private final String brokerUri;
    private final ThreadPoolExecutor executor;
    private final WarnLimiter warnings = new WarnLimiter(LOG, 10, 60_000, System::currentTimeMillis);

    /**
     * @param drivers   device id -> its output driver, or null when there is none
     * @param timeoutMs how long a driver may take before the response says FAILED / timeout
     */
    CommandHandler(UplinkSettings settings, Function<String, OutputDriver> drivers, long timeoutMs) {
        this.root = Topics.root(settings.gatewayId());
        this.cmdPrefix = root + TopicKind.COMMAND.path() + "/";
        this.responsePrefix = root + TopicKind.COMMAND_RESPONSE.path() + "/";
        this.brokerUri = settings.brokerUri();
        this.drivers = drivers;
        this.timeoutMs = timeoutMs;
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(QUEUE),
                r -> {
                    Thread t = new Thread(r, "hanedge-uplink-cmd");
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
    }

    /** The subscription of every session: {@code Topics.filter(gatewayId, TopicKind.COMMAND)}. */
    String topicFilter() {
        return cmdPrefix + "+";
    }

    /** Paho's callback thread: hands the message to the executor; never throws. */
    void accept(MqttAsyncClient client, String topic, MqttMessage message) {
        try {
            executor.execute(() -> handle(client, topic, message));
        } catch (RejectedExecutionException e) {
            if (!executor.isShutdown()) {
                Reply reply = reply(client, topic, message);
                respond(reply, topic, WriteStatus.FAILED.name(), "busy: too many commands pending", null);
            }
        } catch (RuntimeException e) {
            LOG.warn("uplink {}: command on {} not handled: {}", brokerUri, topic, e.toString());
        }
    }

    /** Ends the executor (with the sender). Responses of commands still running are dropped. */
    void shutdown() {
        executor.shutdownNow();
    }

    private void handle(MqttAsyncClient client, String topic, MqttMessage message) {
        Reply reply = null;
        try {
            reply = reply(client, topic, message);
            byte[] payload = message.getPayload();
            if (!"write".equals(reply.name)) {
                respond(reply, topic, UNKNOWN_COMMAND, "unknown command '" + reply.name + "' (known: write)", null);
                return;
            }
            if (payload.length > MAX_PAYLOAD_BYTES) {
                respond(reply, topic, BAD_REQUEST, "payload of " + payload.length + " bytes exceeds "
                        + MAX_PAYLOAD_BYTES, null);
                return;
            }
            WriteCommand cmd;
            try {
                cmd = WriteRequest.parse(payload);
            } catch (WriteRequest.BadRequest e) {
                respond(reply, topic, BAD_REQUEST, e.getMessage(), e.request);
                return;
            }
            write(reply, cmd);
        } catch (RuntimeException e) {
            LOG.warn("uplink {}: command on {} failed", brokerUri, topic, e);
            if (reply != null) {
                respond(reply, topic, WriteStatus.FAILED.name(), "internal error: " + e, null);
            }
        }
    }

    private void write(Reply reply, WriteCommand cmd) {
        OutputDriver driver = drivers.apply(cmd.deviceId());
        if (driver == null) {
            result(reply, new WriteResult(cmd, WriteStatus.UNKNOWN_DEVICE,
                    "no output device '" + cmd.deviceId() + "' on this gateway", Instant.now()));
            return;
        }
        // The timeout runs from before the call, so it also covers a driver that blocks in write().
        CompletableFuture<WriteResult> outcome = new CompletableFuture<>();
        outcome.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e instanceof TimeoutException) {
                result(reply, new WriteResult(cmd, WriteStatus.FAILED, "timeout", Instant.now()));
            } else if (e != null) {
                result(reply, new WriteResult(cmd, WriteStatus.FAILED, "driver error: " + e, Instant.now()));
            } else {
                result(reply, r);
            }
        });
        try {
            CompletionStage<WriteResult> stage = driver.write(cmd);
            if (stage == null) {
                outcome.completeExceptionally(new IllegalStateException("driver returned no result"));
                return;
            }
            stage.whenComplete((r, e) -> {
                if (e != null) {
                    outcome.completeExceptionally(e);
                } else if (r == null) {
                    outcome.completeExceptionally(new IllegalStateException("driver returned no result"));
                } else {
                    outcome.complete(r);
                }
            });
        } catch (RuntimeException e) {
            outcome.completeExceptionally(e);
        }
    }

    private void result(Reply reply, WriteResult r) {
        WriteCommand c = r.command();
        ObjectNode doc = document(r.status().name(), r.reason());
        doc.put("device", c.deviceId());
        doc.put("channel", c.channel());
        doc.set("value", MAPPER.valueToTree(c.value()));
        doc.put("origin", c.origin());
        doc.put("time", r.time().toString());
        if (r.status() == WriteStatus.DONE) {
            LOG.info("uplink: write {}/{} = {} by {}: DONE", c.deviceId(), c.channel(), c.value(), c.origin());
        } else {
            LOG.info("uplink: write {}/{} = {} by {}: {} ({})", c.deviceId(), c.channel(), c.value(), c.origin(),
                    r.status(), r.reason());
        }
        publish(reply, doc, 0);
    }

    /** A refused request: WARN (bounded rate) naming the topic and what was wrong, and the response. */
    private void respond(Reply reply, String topic, String status, String reason, JsonNode request) {
        warnings.warn("uplink: command on " + topic + " refused: " + status + ": " + reason);
        ObjectNode doc = document(status, reason);
        for (String f : new String[] {"device", "channel", "value"}) {
            JsonNode v = request == null ? null : request.get(f);
            doc.set(f, v == null ? MAPPER.nullNode() : v);
        }
        doc.put("time", Instant.now().toString());
        publish(reply, doc, 0);
    }

    private static ObjectNode document(String status, String reason) {
        ObjectNode doc = MAPPER.createObjectNode();
        doc.put("status", status);
        if (reason == null) {
            doc.putNull("reason");
        } else {
            doc.put("reason", reason);
        }
        return doc;
    }

    private void publish(Reply reply, ObjectNode doc, int attempt) {
        try {
            byte[] json = MAPPER.writeValueAsBytes(doc);
            reply.client.publish(reply.topic, MqttMessages.response(json, reply.correlation));
        } catch (MqttException e) {
            if (e.getReasonCode() == 32202 && attempt < PUBLISH_RETRIES) {
                // Paho's window (the broker's receive maximum) is full of telemetry: try again shortly.
                Executor later = CompletableFuture.delayedExecutor(PUBLISH_RETRY_MS, TimeUnit.MILLISECONDS);
                later.execute(() -> publish(reply, doc, attempt + 1));
            } else {
                LOG.debug("uplink {}: response on {} not published: {}", brokerUri, reply.topic, e.toString());
            }
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("uplink {}: response on {} not published: {}", brokerUri, reply.topic, e.toString());
        }
    }

    /** Where and how to answer a request. */
    private record Reply(MqttAsyncClient client, String name, String topic, byte[] correlation) {
    }

    private Reply reply(MqttAsyncClient client, String topic, MqttMessage message) {
        String name = topic.startsWith(cmdPrefix) ? topic.substring(cmdPrefix.length()) : topic;
        MqttProperties p = message.getProperties();
        String responseTopic = p == null ? null : p.getResponseTopic();
        byte[] correlation = p == null ? null : p.getCorrelationData();
        String target = responsePrefix + name;
        if (responseTopic != null) {
            if (acceptableResponseTopic(responseTopic)) {
                target = responseTopic;
            } else {
                warnings.warn("uplink: command on " + topic + ": response topic '" + responseTopic
                        + "' is not under " + root + "; answering on " + target);
            }
        }
        return new Reply(client, name, target, correlation);
    }

    /**
     * Under the gateway's own {@code cmd-res/} branch, a topic name (no wildcards): a response never lands on the
     * gateway's telemetry, state or any other topic, whatever the requester asks for.
     */
    boolean acceptableResponseTopic(String t) {
        return t.startsWith(responsePrefix) && t.length() > responsePrefix.length() && t.indexOf('+') < 0
                && t.indexOf('#') < 0 && t.indexOf('\u0000') < 0 && t.length() <= 1024;
    }
}
