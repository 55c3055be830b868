package org.hanedge.fleet.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.ingest.senml.DeadLetterReason;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.springframework.stereotype.Component;

/**
 * Runs a kept message (a dead letter's payload) through the same ingest path as a live one: the same topic rules,
 * size limit, announced devices, profile checks, series limit and (gateway, seq) dedup, so a replayed record is
 * never stored twice. What is accepted is written by the {@link IngestWriter}; what is still refused is reported,
 * not kept again (the dead letter being replayed stays).
 */
@Component
public class IngestReplay {
    private final GatewayDirectory directory;
    private final TelemetryHandler telemetry;
    private final EventHandler events;
    private final IngestWriter writer;
    private final int maxMessageBytes;

    public IngestReplay(GatewayDirectory directory, TelemetryHandler telemetry, EventHandler events,
            IngestWriter writer, FleetProperties properties) {
        this.directory = directory;
        this.telemetry = telemetry;
        this.events = events;
        this.writer = writer;
        this.maxMessageBytes = properties.ingest().maxMessageBytes();
    }

    /** Whether messages on this topic can be replayed (telemetry, alarms and events; not state or stats). */
    public static boolean replayableTopic(String topic) {
        String kind = kind(topic);
        return TopicKind.TELEMETRY.path().equals(kind) || TopicKind.ALARM.path().equals(kind)
                || TopicKind.EVENT.path().equals(kind);
    }

    /**
     * Replays one message; completes once what it stored is committed.
     *
     * @param payload the whole message, as received (or a record's self-contained pack)
     */
    public CompletableFuture<ReplayResult> replay(String topic, byte[] payload) {
        String gatewayId = gateway(topic);
        String kind = kind(topic);
        if (gatewayId == null || kind == null) {
            return done(ReplayResult.refused(IngestReason.BAD_TOPIC.name(), "topic " + topic
                    + " is not a topic of the contract (" + Topics.ROOT + "{gateway}/{kind})"));
        }
        if (!replayableTopic(topic)) {
            return done(ReplayResult.notReplayable(kind + " messages are not replayed (the gateway sends them again)"));
        }
        if (!directory.contains(gatewayId)) {
            return done(ReplayResult.refused(IngestReason.UNKNOWN_GATEWAY.name(),
                    "gateway '" + gatewayId + "' is not registered"));
        }
        if (payload == null) {
            return done(ReplayResult.notReplayable("no payload was kept"));
        }
        if (payload.length > maxMessageBytes) {
            return done(ReplayResult.refused(DeadLetterReason.OVERSIZED.name(), "payload is " + payload.length
                    + " bytes, over the limit of " + maxMessageBytes));
        }
        MessageOutcome o = TopicKind.TELEMETRY.path().equals(kind) ? telemetry.evaluate(gatewayId, topic, payload, null)
                : events.evaluate(gatewayId, kind, topic, payload, null);
        ReplayResult result = ReplayResult.of(o);
        if (!o.writes()) {
            return done(result);
        }
        CompletableFuture<ReplayResult> committed = new CompletableFuture<>();
        writer.submit(o.item(List.of(), () -> committed.complete(result)));
        return committed;
    }

    private static CompletableFuture<ReplayResult> done(ReplayResult r) {
        return CompletableFuture.completedFuture(r);
    }

    private static GatewayTopic parse(String topic) {
        try {
            return topic == null ? null : Topics.parse(topic);
        } catch (TopicException e) {
            return null;
        }
    }

    private static String gateway(String topic) {
        GatewayTopic t = parse(topic);
        return t == null ? null : t.gatewayId();
    }

    private static String kind(String topic) {
        GatewayTopic t = parse(topic);
        return t == null ? null : t.kind().path();
    }
}
