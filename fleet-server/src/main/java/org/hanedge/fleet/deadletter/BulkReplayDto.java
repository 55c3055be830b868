package org.hanedge.fleet.deadletter;

import java.util.List;
import java.util.Map;

/**
 * What replaying a filtered set did.
 *
 * @param replayed how many were replayed (unresolved ones matching the filter, oldest first, up to the limit)
 * @param more     whether more unresolved ones match (replay again)
 * @param outcomes count by outcome
 * @param results  each one's result, in the order replayed
 */
public record BulkReplayDto(int replayed, boolean more, Map<String, Integer> outcomes, List<ReplayDto> results) {
    public BulkReplayDto {
        outcomes = Map.copyOf(outcomes);
        results = List.copyOf(results);
    }
}
