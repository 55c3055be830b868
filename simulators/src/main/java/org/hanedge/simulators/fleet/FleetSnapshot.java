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
 * @param messagesPublished   telemetry publishes handed to the client (a resent pack counts again)
 * @param readingsPublished   records in those packs
 * @param messagesAcked       packs acknowledged by a successful PUBACK (reason code below 0x80)
 * @param readingsAcked       records in those packs
 * @param messagesFailed      publishes that failed: PUBACK reason code 0x80 or above, or connection lost before
 *                            PUBACK; the pack goes back to its gateway's backlog and is sent again
 * @param readingsFailed      records in those packs
 * @param publishFailuresByReason failed packs by reason, e.g. {@code PUBACK NOT_AUTHORIZED (135)}
 * @param inFlight            packs published and not yet acknowledged or failed
 * @param packsSkipped        backfill mode only: ticks not taken because {@code maxInFlight} packs were already waiting
 *                            (backpressure: the broker did not keep up, or the gateway was disconnected); a backfill
 *                            pack's time follows its seq, so no reading is lost
 * @param backlogReadings     readings taken and waiting in the gateways' backlogs now (not in flight)
 * @param readingsDropped     readings dropped because a gateway's backlog was full (oldest first)
 * @param ackLatencyP50       median time from publish to PUBACK
 * @param ackLatencyP99       99th percentile of the same
 * @param ackLatencyMax       the longest one
 */
public record FleetSnapshot(Duration elapsed, int gateways, long connectAttempts, Duration connectSpan,
        int connectedNow, int maxConnected, long connects, long connectionsLost, long connectFailures,
        Map<String, Long> connectFailuresByReason, long births, long messagesPublished, long readingsPublished,
        long messagesAcked, long readingsAcked, long messagesFailed, long readingsFailed,
        Map<String, Long> publishFailuresByReason, long inFlight, long packsSkipped, long backlogReadings,
        long readingsDropped, Duration ackLatencyP50, Duration ackLatencyP99, Duration ackLatencyMax) {
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
