package org.hanedge.fleet.command;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.broker.MqttEndpoint;
import org.hanedge.fleet.broker.ServerMqttAccess;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.registry.Gateway;
import org.hanedge.fleet.registry.GatewayRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PayloadFormatIndicator;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Commands to gateways (docs/fleet-api.md, "Commands"; the wire: docs/uplink.md, "Commands"): checks a command
 * against the gateway's announced devices and their profiles ({@link CommandValidator}), records it
 * ({@link CommandLog}), publishes {@code cmd/write} with a fresh command id (a UUID, also the Correlation Data) and
 * the Response Topic {@code hanedge/v1/{gw}/cmd-res/write}, and waits up to {@code hanedge.fleet.commands.timeout}
 * for the answer. Its own MQTT client (client id {@code {mqtt.client-id}.cmd}, the server's credential, clean start:
 * an answer is only worth something while someone waits, or as a late entry in the log) subscribes QoS 1 to
 * {@code hanedge/v1/+/cmd-res/+}, plain (not shared: the instance that sent a command is the one waiting for it).
 *
 * <p>An answer counts only on the {@code cmd-res/} topic of the gateway the command went to (the broker's ACL lets a
 * gateway publish only under its own root). An answer that comes after the wait ended is still recorded ("late").
 */
@Component
public class CommandService implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
    /** The command name: {@code cmd/write}. */
    static final String WRITE = "write";
    private static final Pattern STATUS = Pattern.compile("[A-Z][A-Z_]{0,23}");

    /** What a command came to, and the HTTP status that says it. */
    public record Outcome(CommandDto command, HttpStatus httpStatus) {
    }

    private record Answer(String status, String reason, long receivedAt) {
    }

    private record Pending(String gatewayId, CompletableFuture<Answer> answer) {
    }

    private final ServerMqttAccess access;
    private final FleetProperties fleet;
    private final CommandProperties settings;
    private final GatewayRegistry registry;
    private final CommandValidator validator;
    private final CommandLog log;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final AtomicLong unreadable = new AtomicLong();
    private final ExecutorService lateAnswers = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hanedge-command-answers");
        t.setDaemon(true);
        return t;
    });
    private volatile Mqtt5AsyncClient client;
    private volatile boolean running;

    public CommandService(ServerMqttAccess access, FleetProperties fleet, CommandProperties settings,
            GatewayRegistry registry, CommandValidator validator, CommandLog log, Clock clock, MeterRegistry meters) {
        this.access = access;
        this.fleet = fleet;
        this.settings = settings;
        this.registry = registry;
        this.validator = validator;
        this.log = log;
        this.clock = clock;
        this.meters = meters;
    }

    /**
     * Sends a command and waits for the gateway's answer, at most {@code hanedge.fleet.commands.timeout}.
     *
     * @throws org.hanedge.fleet.api.NotFoundException      unknown gateway (404)
     * @throws org.hanedge.fleet.api.UnprocessableException the command does not fit the gateway (422, naming the field)
     * @throws ConflictException                            the gateway is offline (409); nothing sent or recorded
     */
    public Outcome send(String gatewayId, CommandRequest request, String operator) {
        Gateway gateway = registry.get(gatewayId);
        validator.check(gatewayId, request);
        if (!gateway.online()) {
            throw new ConflictException("gateway '" + gatewayId + "' is offline: a command would not reach it"
                    + " (a gateway takes commands only while connected)");
        }
        Mqtt5AsyncClient c = client;
        if (!running || c == null) {
            throw new ConflictException("the server's command client is not running");
        }
        long timeoutMs = settings.timeout().toMillis();
        long start = clock.millis();
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        String id = UUID.randomUUID().toString();
        boolean value = request.value().booleanValue();
        log.sent(id, gatewayId, request.device(), request.channel(), value, operator, blankToNull(request.reason()),
                start);
        Pending p = new Pending(gatewayId, new CompletableFuture<>());
        pending.put(id, p);
        try {
            Mqtt5PublishResult published;
            try {
                published = publish(c, gatewayId, id, request, value, operator, timeoutMs)
                        .get(remaining(deadline), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                return notDelivered(id, "publish failed: " + e.getCause());
            }
            if (published.getError().isPresent()) {
                return notDelivered(id, "publish refused: " + published.getError().get().getMessage());
            }
            if (published instanceof Mqtt5PublishResult.Mqtt5Qos1Result q1
                    && q1.getPubAck().getReasonCode() == Mqtt5PubAckReasonCode.NO_MATCHING_SUBSCRIBERS) {
                return notDelivered(id, "the broker has no subscriber for it: the gateway is not connected");
            }
            Answer a = p.answer().get(remaining(deadline), TimeUnit.NANOSECONDS);
            return answered(id, gatewayId, a);
        } catch (TimeoutException e) {
            if (!pending.remove(id, p)) {
                return answered(id, gatewayId, p.answer().join()); // the answer came at the last moment
            }
            log.timedOut(id, clock.millis());
            count(CommandLog.TIMED_OUT);
            LOG.info("command {} to {} {}/{} = {} by {}: no answer within {} ms", id, gatewayId, request.device(),
                    request.channel(), value, operator, timeoutMs);
            return outcome(id, HttpStatus.GATEWAY_TIMEOUT, "no answer from the gateway within " + timeoutMs
                    + " ms: it may still run the command later; a late answer is recorded in the command log"
                    + " (GET /api/v1/gateways/" + gatewayId + "/commands)");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the answer to command " + id, e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("command " + id + ": " + e.getCause(), e.getCause());
        } finally {
            pending.remove(id, p);
        }
    }

    private CompletableFuture<Mqtt5PublishResult> publish(Mqtt5AsyncClient c, String gatewayId, String id,
            CommandRequest request, boolean value, String operator, long timeoutMs) {
        ObjectNode doc = json.createObjectNode();
        doc.put("id", id);
        doc.put("device", request.device());
        doc.put("channel", request.channel());
        doc.put("value", value);
        doc.put("origin", "server:" + operator);
        return c.publishWith().topic(Topics.command(gatewayId, WRITE)).qos(MqttQos.AT_LEAST_ONCE)
                .payload(doc.toString().getBytes(StandardCharsets.UTF_8))
                .contentType(ContentType.JSON.mime()).payloadFormatIndicator(Mqtt5PayloadFormatIndicator.UTF_8)
                .responseTopic(Topics.commandResponse(gatewayId, WRITE))
                .correlationData(id.getBytes(StandardCharsets.UTF_8))
                // the broker drops it rather than hand it to the gateway after the requester gave up
                .messageExpiryInterval(Math.max(1, (timeoutMs + 999) / 1000))
                .send();
    }

    private Outcome answered(String id, String gatewayId, Answer a) {
        log.answered(id, gatewayId, a.status(), a.reason(), a.receivedAt());
        count(a.status());
        return outcome(id, HttpStatus.OK, null);
    }

    private Outcome notDelivered(String id, String why) {
        log.notDelivered(id, why, clock.millis());
        count(CommandLog.NOT_DELIVERED);
        LOG.info("command {} not delivered: {}", id, why);
        return outcome(id, HttpStatus.BAD_GATEWAY, "the command did not reach the gateway (" + why
                + "); nothing was run");
    }

    private Outcome outcome(String id, HttpStatus status, String detail) {
        CommandDto dto = log.find(id).orElseThrow(() -> new IllegalStateException("command " + id + " not recorded"));
        return new Outcome(dto.withDetail(detail), status);
    }

    private void count(String status) {
        Counter.builder("hanedge.commands").description("commands sent to gateways, by outcome")
                .tag("status", status).register(meters).increment();
    }

    /** An answer on {@code hanedge/v1/{gw}/cmd-res/{name}} (the client's callback thread). */
    private void onAnswer(Mqtt5Publish message) {
        long now = clock.millis();
        GatewayTopic topic;
        try {
            topic = Topics.parse(message.getTopic().toString());
        } catch (TopicException e) {
            return;
        }
        if (topic.kind() != TopicKind.COMMAND_RESPONSE) {
            return;
        }
        String id = null;
        String status;
        String reason;
        try {
            JsonNode doc = json.readTree(message.getPayloadAsBytes());
            id = message.getCorrelationData().map(CommandService::utf8)
                    .orElse(doc.path("id").isTextual() ? doc.path("id").textValue() : null);
            status = doc.path("status").textValue();
            JsonNode r = doc.path("reason");
            reason = r.isTextual() ? r.textValue() : null;
            if (id == null || status == null || !STATUS.matcher(status).matches()) {
                throw new IllegalArgumentException("no command id or no status");
            }
        } catch (Exception e) {
            long n = unreadable.incrementAndGet();
            if (n == 1 || n % 100 == 0) {
                LOG.warn("command answer on {} unreadable ({}); {} so far", message.getTopic(), e.toString(), n);
            }
            return;
        }
        Answer answer = new Answer(status, reason, now);
        Pending p = pending.get(id);
        if (p != null && p.gatewayId().equals(topic.gatewayId()) && pending.remove(id, p)) {
            p.answer().complete(answer);
            return;
        }
        String commandId = id;
        lateAnswers.execute(() -> late(commandId, topic.gatewayId(), answer));
    }

    private void late(String id, String gatewayId, Answer a) {
        try {
            if (log.answered(id, gatewayId, a.status(), a.reason(), a.receivedAt())) {
                count(a.status());
                LOG.info("command {} to {}: late answer {} ({}) recorded", id, gatewayId, a.status(), a.reason());
            }
        } catch (RuntimeException e) {
            LOG.warn("command {} to {}: late answer {} not recorded: {}", id, gatewayId, a.status(), e.toString());
        }
    }

    private static long remaining(long deadline) {
        return Math.max(0, deadline - System.nanoTime());
    }

    private static String utf8(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return new String(out, StandardCharsets.UTF_8);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    /**
     * Commands left {@code SENT} by a server that stopped while waiting (twice the time-out old, so no running
     * instance still waits for them) become {@code TIMED_OUT}: at start and every minute.
     */
    @Scheduled(initialDelay = 0, fixedDelay = 60_000)
    void sweepAbandoned() {
        long now = clock.millis();
        int n = log.abandoned(now - 2 * settings.timeout().toMillis(), now);
        if (n > 0) {
            LOG.info("commands: {} sent before the last restart and never answered are now TIMED_OUT", n);
        }
    }

    @Override
    public void start() {
        MqttEndpoint ep = access.endpoint();
        Mqtt5AsyncClient c = ep.clientBuilder(fleet.mqtt().clientId() + ".cmd").buildAsync();
        c.publishes(MqttGlobalPublishFilter.SUBSCRIBED, this::onAnswer);
        c.connectWith().cleanStart(true).keepAlive(30).send().join();
        String filter = Topics.filter(TopicKind.COMMAND_RESPONSE);
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
        client = c;
        running = true;
        LOG.info("commands: answers from {}; waiting up to {} for each", filter, settings.timeout());
    }

    @Override
    public void stop() {
        running = false;
        Mqtt5AsyncClient c = client;
        if (c != null) {
            try {
                c.disconnect().get(5, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.debug("commands: disconnect: {}", e.toString());
            }
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
