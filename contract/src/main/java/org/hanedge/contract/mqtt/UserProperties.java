package org.hanedge.contract.mqtt;

/**
 * The MQTT 5 user properties of the contract.
 *
 * <p>Every message taken from the gateway's outbox (telemetry, alarm, event) carries {@link #SEQ}: the sequence
 * number of its first entry. Telemetry also carries {@link #SEQ_COUNT}: how many records (readings) the pack holds.
 * Exception: a thin-form pack carries neither ({@link TelemetryForm#carriesSeqProperties()}): its records are
 * numbered inside the pack, and the count is the pack's. Live messages (state, stats, command responses, time
 * requests) carry neither. Values are decimal text. Read them with {@link SeqRange#fromProperties(String, String)};
 * a receiver uses {@link #SEQ} only to number a pack whose first record has no {@code seq} of its own (another
 * producer's), and needs {@link #SEQ_COUNT} for nothing.
 */
public final class UserProperties {
    /** First sequence number of the message (decimal, 0 .. {@link SeqRange#MAX_SEQ}). */
    public static final String SEQ = "seq";
    /** Number of records of a telemetry pack (decimal, 1 .. {@link SeqRange#MAX_COUNT}). */
    public static final String SEQ_COUNT = "seq-count";

    private UserProperties() {
    }
}
