package org.hanedge.gateway.uplink.mqtt.internal;

import java.time.Instant;

/**
 * A snapshot of the uplink, for the stats topic, the shell and tests.
 *
 * @param brokerUri          where it connects
 * @param connected          whether a session is up (birth published)
 * @param lastError          the last connect/connection error, one line, or null
 * @param lastErrorTime      when it happened, or null
 * @param messagesSent       messages acknowledged by the broker (telemetry packs and events)
 * @param readingsSent       readings in acknowledged telemetry messages
 * @param eventsSent         events acknowledged
 * @param connects           successful connects
 * @param reconnects         successful connects after the first
 * @param failedAttempts     failed connect attempts
 * @param inFlightMessages   messages published and not yet acknowledged
 * @param maxInFlightSeen    the highest number of unacknowledged messages ever observed
 * @param clock              the time correction's state, or null when the uplink corrects no times
 */
public record UplinkStatus(String brokerUri, boolean connected, String lastError, Instant lastErrorTime,
        long messagesSent, long readingsSent, long eventsSent, long connects, long reconnects, long failedAttempts,
        int inFlightMessages, int maxInFlightSeen, ClockStatus clock) {
}
