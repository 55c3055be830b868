package org.hanedge.fleet.deadletter;

/** A {@code dead_letter} row. {@code payloadBase64} is null in list queries (and when nothing was kept). */
record StoredDeadLetter(long id, long receivedAt, String gatewayId, String topic, String reason, String detail,
        int payloadSize, String payloadBase64, Long replayedAt, String replayOutcome, String replayDetail) {
}
