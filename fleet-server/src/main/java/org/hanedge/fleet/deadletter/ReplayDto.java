package org.hanedge.fleet.deadletter;

import java.util.List;

/**
 * What replaying one dead letter did.
 *
 * @param outcome STORED, DUPLICATE (all of it was already stored), REFUSED (the reasons are in {@code refused}),
 *                NOT_REPLAYABLE, or PENDING (not committed within 30 s; the outcome is recorded once it is)
 */
public record ReplayDto(long id, String outcome, int stored, int duplicates, List<String> refused, String detail) {
    public ReplayDto {
        refused = List.copyOf(refused);
    }
}
