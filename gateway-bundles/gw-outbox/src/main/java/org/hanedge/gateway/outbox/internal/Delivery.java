package org.hanedge.gateway.outbox.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.hanedge.gateway.api.outbox.OutboxEntry;

/**
 * Hands entries out and takes them back: {@code take} (released entries first, then the read cursor; ALARM, EVENT,
 * TELEMETRY), {@code acknowledge} (moves the watermark, dooms fully acknowledged segments) and {@code release}.
 */
final class Delivery {
    private final OutboxStore store;
    private final LaneReader reader;

    Delivery(OutboxStore store) {
        this.store = store;
        this.reader = new LaneReader(store);
    }

    List<OutboxEntry> take(int max, Duration wait) throws InterruptedException {
        if (max <= 0) {
            return List.of();
        }
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        store.lock.lockInterruptibly();
        try {
            while (true) {
                if (store.closed) {
                    return List.of();
                }
                List<OutboxEntry> out = new ArrayList<>(Math.min(max, 256));
                for (Lane lane : store.lanes) {
                    while (out.size() < max && !lane.released.isEmpty()) {
                        Map.Entry<Long, OutboxEntry> e = lane.released.pollFirstEntry();
                        lane.inFlight.put(e.getKey(), e.getValue());
                        out.add(e.getValue());
                    }
                    if (out.size() < max) {
                        reader.read(lane, max, out);
                    }
                    if (out.size() >= max) {
                        break;
                    }
                }
                if (!out.isEmpty()) {
                    return out;
                }
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return out;
                }
                store.readable.awaitNanos(remaining);
            }
        } finally {
            store.lock.unlock();
        }
    }

    void acknowledge(Collection<Long> seqs) {
        store.lock.lock();
        try {
            boolean changed = false;
            for (Long seq : seqs) {
                for (Lane lane : store.lanes) {
                    if (lane.inFlight.remove(seq) != null) {
                        Segment s = lane.segmentOf(seq);
                        if (s != null) {
                            s.unacked--;
                            if (s.unacked == 0 && s != lane.active) {
                                store.doom(s);
                            }
                        }
                        if (seq > lane.watermark) {
                            lane.acked.add(seq);
                        }
                        lane.advanceWatermark();
                        changed = true;
                        break;
                    }
                }
            }
            if (changed) {
                store.pending.stateDirty = true;
                store.pending.markDirty();
            }
        } finally {
            store.lock.unlock();
        }
    }

    void release(Collection<Long> seqs) {
        store.lock.lock();
        try {
            boolean any = false;
            for (Long seq : seqs) {
                for (Lane lane : store.lanes) {
                    OutboxEntry e = lane.inFlight.remove(seq);
                    if (e != null) {
                        lane.released.put(seq, e);
                        any = true;
                        break;
                    }
                }
            }
            if (any) {
                store.readable.signalAll();
            }
        } finally {
            store.lock.unlock();
        }
    }
}
