package org.hanedge.gateway.api.outbox;

import java.util.Map;

/**
 * A snapshot of the outbox.
 *
 * @param pending        entries not yet acknowledged, per priority
 * @param inFlight       entries taken and awaiting acknowledgement
 * @param bytesOnDisk    space used
 * @param capacityBytes  configured limit
 * @param drops          entries lost, per reason, since the outbox was created (persisted across restarts)
 * @param lastSeq        the highest sequence number assigned
 */
public record OutboxStats(Map<Priority, Long> pending, long inFlight, long bytesOnDisk, long capacityBytes,
        Map<DropReason, Long> drops, long lastSeq) {
    public OutboxStats {
        pending = Map.copyOf(pending);
        drops = Map.copyOf(drops);
    }

    public long totalPending() {
        return pending.values().stream().mapToLong(Long::longValue).sum();
    }
}
