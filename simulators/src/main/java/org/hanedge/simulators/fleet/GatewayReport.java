package org.hanedge.simulators.fleet;

/**
 * What one virtual gateway took and what became of it. Readings {@code firstSeq .. nextSeq - 1} were taken; each is
 * acknowledged, in flight, in the backlog or dropped, so
 * {@code readingsTaken == readingsAcked + inFlightReadings + backlogReadings + readingsDropped} (a reading resent after
 * a lost acknowledgement is counted once).
 *
 * @param gatewayId        the gateway
 * @param firstSeq         seq of its first reading
 * @param nextSeq          the next unused seq
 * @param readingsTaken    readings taken ({@code nextSeq - firstSeq})
 * @param readingsAcked    readings whose pack the broker acknowledged
 * @param inFlightReadings readings in packs published and not yet acknowledged
 * @param backlogReadings  readings in packs waiting to be published
 * @param readingsDropped  readings dropped because the backlog was full (oldest first)
 */
public record GatewayReport(String gatewayId, long firstSeq, long nextSeq, long readingsTaken, long readingsAcked,
        long inFlightReadings, long backlogReadings, long readingsDropped) {
}
