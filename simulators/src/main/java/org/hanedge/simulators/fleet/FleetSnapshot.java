package org.hanedge.simulators.fleet;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The counters of a virtual fleet at one moment. Counters are cumulative since {@link VirtualFleet#start()}; a rate
 * is the difference of two snapshots divided by the difference of their {@link #elapsed()}.
 *
 * @param elapsed             time since the fleet started
 * @param gateways            gateways configured
 * @param connectAttempts     CONNECTs sent (first attempts and reconnects)
 * @param connectSpan         time between the first and the latest connect attempt (the ramp)
 * @param connectedNow        gateways connected now
 * @param maxConnected        most gateways connected at once
 * @param connects            successful connects (CONNACK success), reconnects included
 * @param connectionsLost     connections that dropped while the fleet was running
 * @param connectFailures     failed connect attempts
 * @param connectFailuresByReason failed attempts by reason, e.g. {@code NOT_AUTHORIZED (135)},
 *                            {@code connection refused}
 * @param births              birth messages acknowledged
 * @param messagesPublished   telemetry packs handed to the client
 * @param readingsPublished   records in those packs
 * @param messagesAcked       packs acknowledged by a successful PUBACK (reason code below 0x80)
 * @param readingsAcked       records in those packs
 * @param messagesFailed      packs that failed: PUBACK reason code 0x80 or above, or connection lost before PUBACK
 * @param readingsFailed      records in those packs
 * @param publishFailuresByReason failed packs by reason, e.g. {@code PUBACK NOT_AUTHORIZED (135)}
 * @param inFlight            packs published and not yet acknowledged or failed
 * @param packsSkipped        publish ticks dropped because a gateway already owed its maximum in-flight packs
 *                            (backpressure: the broker did not keep up, or the gateway was disconnected)
 * @param ackLatencyP50       median time from publish to PUBACK
 * @param ackLatencyP99       99th percentile of the same
 * @param ackLatencyMax       the longest one
 */
public record FleetSnapshot(Duration elapsed, int gateways, long connectAttempts, Duration connectSpan,
        int connectedNow, int maxConnected, long connects, long connectionsLost, long connectFailures,
        Map<String, Long> connectFailuresByReason, long births, long messagesPublished, long readingsPublished,
        long messagesAcked, long readingsAcked, long messagesFailed, long readingsFailed,
        Map<String, Long> publishFailuresByReason, long inFlight, long packsSkipped, Duration ackLatencyP50,
        Duration ackLatencyP99, Duration ackLatencyMax) {
    public FleetSnapshot {
        connectFailuresByReason = Collections.unmodifiableMap(new TreeMap<>(connectFailuresByReason));
        publishFailuresByReason = Collections.unmodifiableMap(new TreeMap<>(publishFailuresByReason));
    }

    /** Readings acknowledged per second between {@code earlier} and this snapshot. */
    public double readingsAckedPerSecond(FleetSnapshot earlier) {
        double s = (elapsed.toNanos() - earlier.elapsed.toNanos()) / 1e9;
        return s <= 0 ? 0 : (readingsAcked - earlier.readingsAcked) / s;
    }
}
