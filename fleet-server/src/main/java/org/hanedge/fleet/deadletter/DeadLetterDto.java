package org.hanedge.fleet.deadletter;

import java.time.Instant;

/**
 * A dead letter, without its payload (see {@link PayloadDto}).
 *
 * @param reasonDescription what the reason means, for people
 * @param payloadSize       bytes received (only the first 64 KiB are kept)
 * @param replayable        whether a replay can run it (a payload was kept whole, on a replayable topic)
 * @param replayOutcome     of the last replay: STORED, DUPLICATE, REFUSED, NOT_REPLAYABLE (null: never replayed)
 */
public record DeadLetterDto(long id, Instant receivedAt, String gateway, String topic, String reason,
        String reasonDescription, String detail, int payloadSize, boolean replayable, Instant replayedAt,
        String replayOutcome, String replayDetail) {
}
