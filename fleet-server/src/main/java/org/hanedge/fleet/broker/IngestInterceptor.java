package org.hanedge.fleet.broker;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

import org.hanedge.contract.mqtt.UserProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.ModifiableUserProperties;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;

/**
 * Makes the embedded broker's PUBACK mean "stored": every publish the {@link BrokerIngest} takes (the gateways'
 * telemetry, alarms, events, stats, and its births and shutdowns on {@code state}) is handed to it and held (HiveMQ's asynchronous interceptor output) until its
 * effects are committed; only then does HiveMQ acknowledge it to the publisher and deliver it to the other
 * subscribers (the city backend). Runs after {@link PublishAcl}, so refused publishes never reach it.
 *
 * <p>A publish is answered with an error PUBACK, and not delivered, when the ingest is full
 * ({@code 0x97 quota exceeded}), stopping ({@code 0x83}), or has not committed it within
 * {@link BrokerIngest#ackTimeout()} ({@code 0x83}: the database is down or far behind). The gateway keeps such a
 * message and sends it again later; dedup absorbs a message that was committed after all. HiveMQ's threads never
 * wait: the hand-over does not block.
 *
 * <p>A {@code state} publish is stamped {@link StateStamp#INGESTED} with the number of its connection, so that when
 * the server's own subscription receives it after the commit it is not ingested twice, and a Last Will of an older
 * connection is recognised as stale ({@link WillStamper}).
 */
final class IngestInterceptor implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(IngestInterceptor.class);

    private final BrokerIngest ingest;
    private final ConnectionNumbers connections;
    private final AtomicLong refusedFull = new AtomicLong();

    IngestInterceptor(BrokerIngest ingest, ConnectionNumbers connections) {
        this.ingest = ingest;
        this.connections = connections;
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket p = input.getPublishPacket();
        String topic = p.getTopic();
        if (!ingest.ingests(topic)) {
            return;
        }
        byte[] payload = p.getPayload().map(IngestInterceptor::bytes).orElse(new byte[0]);
        Long seq = p.getUserProperties().getFirst(UserProperties.SEQ).map(IngestInterceptor::parseSeq).orElse(null);
        long connection = connections.of(input.getConnectionInformation().getConnectionAttributeStore());
        if (ingest.isState(topic)) {
            ModifiableUserProperties stamp = output.getPublishPacket().getUserProperties();
            stamp.removeName(StateStamp.WILL);
            stamp.removeName(StateStamp.INGESTED);
            stamp.addUserProperty(StateStamp.INGESTED, Long.toString(connection));
        }
        Async<PublishInboundOutput> async = output.async(ingest.ackTimeout(), TimeoutFallback.FAILURE,
                AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR, "not stored in time: send it again later");
        BrokerIngest.Offer offer = ingest.offer(topic, payload, p.getContentType().orElse(null), seq,
                connection, () -> resume(async));
        if (offer != BrokerIngest.Offer.ACCEPTED) {
            if (offer == BrokerIngest.Offer.FULL) {
                output.preventPublishDelivery(AckReasonCode.QUOTA_EXCEEDED, "server busy: send it again later");
                long n = refusedFull.incrementAndGet();
                if (n == 1 || n % 1000 == 0) {
                    LOG.warn("ingest queue full: {} publishes refused with PUBACK 0x97 so far (the gateways keep and"
                            + " resend them)", n);
                }
            } else {
                output.preventPublishDelivery(AckReasonCode.IMPLEMENTATION_SPECIFIC_ERROR,
                        "server stopping: send it again later");
            }
            async.resume();
        }
    }

    private static void resume(Async<PublishInboundOutput> async) {
        try {
            async.resume(); // after the timeout HiveMQ has answered already: then this does nothing
        } catch (RuntimeException e) {
            LOG.debug("resuming a publish after its commit: {}", e.toString());
        }
    }

    private static byte[] bytes(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] out = new byte[d.remaining()];
        d.get(out);
        return out;
    }

    private static Long parseSeq(String s) {
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
