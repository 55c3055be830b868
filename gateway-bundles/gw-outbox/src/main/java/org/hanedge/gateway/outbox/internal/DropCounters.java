package org.hanedge.gateway.outbox.internal;

import java.util.EnumMap;
import java.util.Map;

import org.hanedge.gateway.api.outbox.DropReason;

/** Entries lost, by reason. Not thread-safe: guarded by the outbox lock. */
final class DropCounters {
    private final long[] counts = new long[DropReason.values().length];

    void add(DropReason reason, long n) {
        counts[reason.ordinal()] += n;
    }

    long get(DropReason reason) {
        return counts[reason.ordinal()];
    }

    /** Restores the counters from a checkpoint (by reason name; reasons missing there start at 0). */
    void load(Map<String, Long> byName) {
        for (DropReason r : DropReason.values()) {
            counts[r.ordinal()] = byName.getOrDefault(r.name(), 0L);
        }
    }

    Map<DropReason, Long> asMap() {
        Map<DropReason, Long> d = new EnumMap<>(DropReason.class);
        for (DropReason r : DropReason.values()) {
            d.put(r, counts[r.ordinal()]);
        }
        return d;
    }
}
