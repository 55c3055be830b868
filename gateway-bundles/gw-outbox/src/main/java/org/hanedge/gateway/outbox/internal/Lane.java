package org.hanedge.gateway.outbox.internal;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * One priority's log: its segments, the read cursor, the entries in flight or released, and the acknowledgement
 * watermark with the seqs acknowledged out of order above it. Guarded by the outbox lock.
 */
final class Lane {
    final Priority priority;
    final Path dir;
    final TreeMap<Long, Segment> segments = new TreeMap<>();
    Segment active;
    /** Every entry up to it is acknowledged. */
    long watermark;
    /** Acknowledged above the watermark. */
    final TreeSet<Long> acked = new TreeSet<>();
    final TreeMap<Long, OutboxEntry> inFlight = new TreeMap<>();
    final TreeMap<Long, OutboxEntry> released = new TreeMap<>();
    Segment cursor;
    long cursorPos;
    long lastReadSeq;

    Lane(Priority priority, Path dir) {
        this.priority = priority;
        this.dir = dir;
    }

    /** Entries not yet acknowledged, including those in flight. */
    long unacked() {
        long n = 0;
        for (Segment s : segments.values()) {
            n += s.unacked;
        }
        return n;
    }

    boolean isAcknowledged(long seq) {
        return seq <= watermark || acked.contains(seq);
    }

    /** The segment holding {@code seq}, or null. */
    Segment segmentOf(long seq) {
        Map.Entry<Long, Segment> e = segments.floorEntry(seq);
        return e != null && seq <= e.getValue().lastSeq ? e.getValue() : null;
    }

    /** Entries of [lo, hi] still known in memory: in flight or released. */
    long held(long lo, long hi) {
        return inFlight.subMap(lo, true, hi, true).size() + released.subMap(lo, true, hi, true).size();
    }

    /** Forgets every in-flight, released and acknowledged seq in [lo, hi] (their segment is gone). */
    void forget(long lo, long hi) {
        inFlight.subMap(lo, true, hi, true).clear();
        released.subMap(lo, true, hi, true).clear();
        acked.subSet(lo, true, hi, true).clear();
    }

    /** Removes the segment from the lane; if it was the active segment, the lane has none until the next append. */
    void remove(Segment s) {
        segments.remove(s.firstSeq);
        if (active == s) {
            active = null;
        }
    }

    /** Moves the watermark up to just below the oldest entry still outstanding among those read. */
    void advanceWatermark() {
        long w = lastReadSeq;
        if (!inFlight.isEmpty()) {
            w = Math.min(w, inFlight.firstKey() - 1);
        }
        if (!released.isEmpty()) {
            w = Math.min(w, released.firstKey() - 1);
        }
        if (w > watermark) {
            watermark = w;
            acked.headSet(w, true).clear();
        }
    }
}
