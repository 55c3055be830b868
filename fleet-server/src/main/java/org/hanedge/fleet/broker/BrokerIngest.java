package org.hanedge.fleet.broker;

import java.time.Duration;

/**
 * Where the embedded broker hands the gateways' uplink messages before it acknowledges them ({@link IngestInterceptor}).
 * Implemented by the ingest; the broker only knows this interface.
 */
public interface BrokerIngest {
    /** What became of a message offered to the ingest. */
    enum Offer {
        /** taken: {@code committed} runs once its effects are committed (or never, if the server dies first) */
        ACCEPTED,
        /** the ingest is full: the message is refused now and the client sends it again later */
        FULL,
        /** the ingest is stopping or stopped: refused likewise */
        STOPPED
    }

    /** Whether messages on this topic are ingested before the broker acknowledges them. */
    boolean ingests(String topic);

    /**
     * Offers one message; never blocks.
     *
     * @param seq        the {@code seq} user property, or null
     * @param connection the number of the publisher's connection ({@link StateStamp}): orders a gateway's state
     *                   messages against its Last Wills
     * @param committed  run once the message's effects are committed; never run if the offer is not accepted
     */
    Offer offer(String topic, byte[] payload, String contentType, Long seq, long connection, Runnable committed);

    /** Whether the topic is a gateway's {@code state} (births, shutdowns): stamped with {@link StateStamp#INGESTED}. */
    boolean isState(String topic);

    /** How long the broker waits for {@code committed} before answering the publisher with an error. */
    Duration ackTimeout();
}
