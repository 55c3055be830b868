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
 *
 * <p>A write with an {@code id} runs once: its response is recorded in {@link RecentCommands} before it is
 * published, and a request with the same id (a redelivery) is answered with that response, not run again (one
 * still running is answered when it ends); the same id with another device, channel or value is refused
 * ({@code BAD_REQUEST}). A write without an id runs every time.
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
    private final RecentCommands recent;
    private final WarnLimiter warnings = new WarnLimiter(LOG, 10, 60_000, System::currentTimeMillis);

    /**
     * @param drivers   device id -> its output driver, or null when there is none
     * @param timeoutMs how long a driver may take before the response says FAILED / timeout
     * @param recent    the command ids run recently and their responses
     */
    CommandHandler(UplinkSettings settings, Function<String, OutputDriver> drivers, long timeoutMs,
            RecentCommands recent) {
        this.recent = recent;
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
        String claimed = null;
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
            WriteRequest.Parsed request;
            try {
                request = WriteRequest.parse(payload);
            } catch (WriteRequest.BadRequest e) {
                respond(reply, topic, BAD_REQUEST, e.getMessage(), e.request);
                return;
            }
            String id = request.id();
            WriteCommand cmd = request.command();
            if (id != null) {
                RecentCommands.Claim claim = recent.claim(id, request.fingerprint());
                if (claim instanceof RecentCommands.Repeat repeat) {
                    LOG.info("uplink: write {}/{} = {} by {}: command id {} seen before; answered with its first"
                            + " response, not run again", cmd.deviceId(), cmd.channel(), cmd.value(), cmd.origin(),
                            printable(id));
                    Reply to = reply;
                    repeat.response().thenAccept(json -> publish(to, json, 0));
                    return;
                }
                if (claim instanceof RecentCommands.Conflict conflict) {
                    respond(reply, topic, BAD_REQUEST, "command id '" + printable(id)
                            + "' was already used for another request " + conflict.previous(),
                            MAPPER.readTree(payload));
                    return;
                }
                claimed = id;
            }
            write(reply, id, cmd);
        } catch (RuntimeException | java.io.IOException e) {
            LOG.warn("uplink {}: command on {} failed", brokerUri, topic, e);
            if (reply != null) {
                JsonNode echo = claimed == null ? null : MAPPER.createObjectNode().put("id", claimed);
                ObjectNode doc = respond(reply, topic, WriteStatus.FAILED.name(), "internal error: " + e, echo);
                if (claimed != null) {
                    recent.complete(claimed, bytes(doc)); // its repeats get the same answer
                }
            }
        }
    }

    /**
     * Runs a write; {@code id} (null when the request had none) is claimed to run: its response is recorded before
     * it is published.
     */
    private void write(Reply reply, String id, WriteCommand cmd) {
        OutputDriver driver = drivers.apply(cmd.deviceId());
        if (driver == null) {
            result(reply, id, new WriteResult(cmd, WriteStatus.UNKNOWN_DEVICE,
                    "no output device '" + cmd.deviceId() + "' on this gateway", Instant.now()));
            return;
        }
        // The timeout runs from before the call, so it also covers a driver that blocks in write().
        CompletableFuture<WriteResult> outcome = new CompletableFuture<>();
        outcome.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((r, e) -> {
            if (e instanceof TimeoutException) {
                result(reply, id, new WriteResult(cmd, WriteStatus.FAILED, "timeout", Instant.now()));
            } else if (e != null) {
                result(reply, id, new WriteResult(cmd, WriteStatus.FAILED, "driver error: " + e, Instant.now()));
            } else {
                result(reply, id, r);
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

    private void result(Reply reply, String id, WriteResult r) {
        WriteCommand c = r.command();
        ObjectNode doc = document(r.status().name(), r.reason());
        if (id != null) {
            doc.put("id", id);
        }
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
        byte[] json = bytes(doc);
        if (id != null) {
            recent.complete(id, json); // recorded (fsynced) before anyone sees the response
        }
        publish(reply, json, 0);
    }

    /**
     * A refused request: WARN (bounded rate) naming the topic and what was wrong, and the response (echoing the
     * request's {@code id} when it had a textual one); returns the document published.
     */
    private ObjectNode respond(Reply reply, String topic, String status, String reason, JsonNode request) {
        warnings.warn("uplink: command on " + topic + " refused: " + status + ": " + reason);
        ObjectNode doc = document(status, reason);
        JsonNode id = request == null ? null : request.get("id");
        if (id != null && id.isTextual()) {
            doc.set("id", id);
        }
        for (String f : new String[] {"device", "channel", "value"}) {
            JsonNode v = request == null ? null : request.get(f);
            doc.set(f, v == null ? MAPPER.nullNode() : v);
        }
        doc.put("time", Instant.now().toString());
        publish(reply, bytes(doc), 0);
        return doc;
    }

    private static byte[] bytes(ObjectNode doc) {
        try {
            return MAPPER.writeValueAsBytes(doc);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that cannot be written: " + e, e);
        }
    }

    /** An id from the wire for a log line: control characters as {@code ?}, at most 64 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < Math.min(64, s.length()); i++) {
            char c = s.charAt(i);
            b.append(Character.isISOControl(c) ? '?' : c);
        }
        return s.length() > 64 ? b + "..." : b.toString();
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

    private void publish(Reply reply, byte[] json, int attempt) {
        try {
            reply.client.publish(reply.topic, MqttMessages.response(json, reply.correlation));
        } catch (MqttException e) {
            if (e.getReasonCode() == 32202 && attempt < PUBLISH_RETRIES) {
                // Paho's window (the broker's receive maximum) is full of telemetry: try again shortly.
                Executor later = CompletableFuture.delayedExecutor(PUBLISH_RETRY_MS, TimeUnit.MILLISECONDS);
                later.execute(() -> publish(reply, json, attempt + 1));
            } else {
                LOG.debug("uplink {}: response on {} not published: {}", brokerUri, reply.topic, e.toString());
            }
        } catch (RuntimeException e) {
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
