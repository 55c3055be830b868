package org.hanedge.fleet.ingest;

import java.util.List;
import java.util.concurrent.CompletableFuture;

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
        return "telemetry".equals(kind) || "alarm".equals(kind) || "event".equals(kind);
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
                    + " is not hanedge/v1/{gateway}/{kind}"));
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
        MessageOutcome o = "telemetry".equals(kind) ? telemetry.evaluate(gatewayId, topic, payload, null)
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

    private static String[] levels(String topic) {
        if (topic == null || !topic.startsWith(IngestRouter.ROOT)) {
            return null;
        }
        String[] l = topic.substring(IngestRouter.ROOT.length()).split("/", 2);
        return l.length == 2 && !l[0].isEmpty() && !l[1].isEmpty() ? l : null;
    }

    private static String gateway(String topic) {
        String[] l = levels(topic);
        return l == null ? null : l[0];
    }

    private static String kind(String topic) {
        String[] l = levels(topic);
        return l == null ? null : l[1];
    }
}
