package org.hanedge.fleet.ingest;

import java.time.Clock;

import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.ingest.senml.DeadLetterReason;
import org.hanedge.fleet.registry.GatewayDirectory;
import org.springframework.stereotype.Component;

/**
 * Routes a message by its topic (read by the contract's {@link Topics#parse}) to its handler. Messages of gateways the
 * registry does not know, topics outside the contract, and payloads over {@code hanedge.fleet.ingest.max-message-bytes}
 * (whatever the topic, {@code OVERSIZED}, before anything reads them) become dead letters; commands' responses and
 * config reports are acknowledged here and handled by their features.
 */
@Component
public class IngestRouter {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IngestRouter.class);

    private final GatewayDirectory directory;
    private final TelemetryHandler telemetry;
    private final EventHandler events;
    private final PresenceHandler presence;
    private final DeadLetters deadLetters;
    private final IngestWriter writer;
    private final IngestMetrics metrics;
    private final Clock clock;
    private final int maxMessageBytes;

    public IngestRouter(GatewayDirectory directory, TelemetryHandler telemetry, EventHandler events,
            PresenceHandler presence, DeadLetters deadLetters, IngestWriter writer, IngestMetrics metrics,
            Clock clock, FleetProperties properties) {
        this.maxMessageBytes = properties.ingest().maxMessageBytes();
        this.directory = directory;
        this.telemetry = telemetry;
        this.events = events;
        this.presence = presence;
        this.deadLetters = deadLetters;
        this.writer = writer;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * @param seq the {@code seq} user property, or null
     * @param ack called once the message's effects are committed
     */
    public void route(String topic, byte[] payload, String contentType, Long seq, Runnable ack) {
        GatewayTopic parsed;
        try {
            parsed = Topics.parse(topic);
        } catch (TopicException e) {
            writer.submit(IngestItem.deadLetter(deadLetters.of(clock.millis(), null, topic,
                    IngestReason.BAD_TOPIC.name(), e.getMessage(), payload), ack));
            return;
        }
        String gatewayId = parsed.gatewayId();
        String kind = parsed.kind().path();
        metrics.message(kind.contains("/") ? kind.substring(0, kind.indexOf('/')) : kind);
        if (!directory.contains(gatewayId)) {
            writer.submit(IngestItem.deadLetter(deadLetters.of(clock.millis(), gatewayId, topic,
                    IngestReason.UNKNOWN_GATEWAY.name(), "gateway '" + gatewayId + "' is not registered", payload),
                    ack));
            return;
        }
        presence.seen(gatewayId);
        if (payload != null && payload.length > maxMessageBytes) {
            writer.submit(IngestItem.deadLetter(deadLetters.of(clock.millis(), gatewayId, topic,
                    DeadLetterReason.OVERSIZED.name(), kind + ": payload is " + payload.length
                            + " bytes, over the limit of " + maxMessageBytes
                            + " (hanedge.fleet.ingest.max-message-bytes); not read", payload), ack));
            return;
        }
        try {
            switch (parsed.kind()) {
                case TELEMETRY -> telemetry.handle(gatewayId, topic, payload, contentType, seq, ack);
                case STATE -> presence.state(gatewayId, topic, payload, ack);
                case STATS -> presence.stats(gatewayId, topic, payload, ack);
                case ALARM, EVENT -> events.handle(gatewayId, kind, topic, payload, seq, ack);
                default -> ack.run();
            }
        } catch (RuntimeException e) {
            // a handler bug must not stall the session: the message is kept, with the error
            LOG.error("ingest: message of gateway {} on {} could not be handled", gatewayId, topic, e);
            writer.submit(IngestItem.deadLetter(deadLetters.of(clock.millis(), gatewayId, topic,
                    IngestReason.HANDLER_FAILED.name(),
                    e.toString(), payload), ack));
        }
    }
}
