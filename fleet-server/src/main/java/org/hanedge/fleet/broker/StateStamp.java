package org.hanedge.fleet.broker;

import java.util.Optional;
import java.util.function.Function;

/**
 * What the embedded broker wrote on a gateway's {@code state} message, read back when the message reaches the
 * server's own subscription. A gateway's births and shutdowns are ingested by the broker's publish interceptor
 * before they are acknowledged and carry {@value #INGESTED} (the connection's number); its Last Will, which the
 * broker publishes without passing the interceptors, carries {@value #WILL} (the number of the connection that set
 * it). Connection numbers grow across restarts, so a Will of an earlier connection is recognised as older than the
 * birth of a later one. The broker removes both properties from whatever a client sent, so neither can be forged.
 *
 * @param connection the connection's number; 0 when {@code kind} is {@link Kind#NONE}
 */
public record StateStamp(Kind kind, long connection) {
    /** User property on a state publish the broker handed to the ingest. */
    public static final String INGESTED = "hanedge-ingested-connection";
    /** User property on a Last Will. */
    public static final String WILL = "hanedge-will-connection";

    public enum Kind {
        /** already ingested before the broker acknowledged it */
        INGESTED,
        /** a Last Will published by the broker */
        WILL,
        /** no stamp: a retained message of an earlier version, or from a broker that stamps nothing */
        NONE
    }

    public static final StateStamp NONE = new StateStamp(Kind.NONE, 0);

    /** Reads the stamp from a message's user properties ({@code property} gives a property's first value). */
    public static StateStamp read(Function<String, Optional<String>> property) {
        Optional<Long> ingested = property.apply(INGESTED).flatMap(StateStamp::number);
        if (ingested.isPresent()) {
            return new StateStamp(Kind.INGESTED, ingested.get());
        }
        return property.apply(WILL).flatMap(StateStamp::number).map(n -> new StateStamp(Kind.WILL, n)).orElse(NONE);
    }

    private static Optional<Long> number(String s) {
        try {
            return Optional.of(Long.parseLong(s));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
