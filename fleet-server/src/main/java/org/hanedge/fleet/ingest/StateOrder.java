package org.hanedge.fleet.ingest;

import java.util.HashMap;
import java.util.Map;

import org.hanedge.fleet.broker.StateStamp;

/**
 * Embedded mode: a gateway's {@code state} messages reach the ingest on two paths. Its births and shutdowns come
 * from the broker's publish interceptor, in order with its telemetry; its Last Wills, which the broker publishes
 * without passing the interceptors, only through the server's own subscription, which also receives a copy of every
 * birth and shutdown once it is committed. This decides, per gateway, which subscription messages are ingested:
 * none already ingested by the interceptor, no Will of a connection older than the latest one whose state was
 * ingested (a late Will must not overtake the next birth), and an unstamped retained message only while nothing
 * newer of that gateway was ingested since the start. Used on the routing thread only.
 */
final class StateOrder {
    /** gateway id → the number of the newest connection whose state (birth, shutdown, Will) was ingested */
    private final Map<String, Long> latest = new HashMap<>();

    /** A state message of this connection taken from the broker's interceptor (always ingested). */
    void ingested(String gatewayId, long connection) {
        latest.merge(gatewayId, connection, Math::max);
    }

    /** Whether a state message that came through the server's subscription is ingested. */
    boolean admit(String gatewayId, StateStamp stamp) {
        Long last = latest.get(gatewayId);
        return switch (stamp.kind()) {
            case INGESTED -> false;
            case WILL -> {
                if (last != null && last > stamp.connection()) {
                    yield false;
                }
                latest.put(gatewayId, stamp.connection());
                yield true;
            }
            case NONE -> last == null;
        };
    }
}
