package org.hanedge.gateway.uplink.mqtt.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.Outbox;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;

/** The outbox contract in memory, for tests. */
final class InMemoryOutbox implements Outbox {
    private final Map<Priority, TreeMap<Long, OutboxEntry>> pending = new EnumMap<>(Priority.class);
    private final Map<Long, OutboxEntry> inFlight = new HashMap<>();
    private long lastSeq;
    long acknowledged;
    long released;

    InMemoryOutbox() {
        for (Priority p : Priority.values()) {
            pending.put(p, new TreeMap<>());
        }
    }

    @Override
    public synchronized CompletionStage<Long> append(Priority priority, List<Payload> payloads) {
        for (Payload p : payloads) {
            long seq = ++lastSeq;
            pending.get(priority).put(seq, new OutboxEntry(seq, priority, p));
        }
        notifyAll();
        return CompletableFuture.completedFuture(lastSeq);
    }

    @Override
    public synchronized List<OutboxEntry> take(int max, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (totalPendingNotInFlight() == 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return List.of();
            }
            wait(Math.max(1, left / 1_000_000));
        }
        List<OutboxEntry> out = new ArrayList<>();
        for (Priority p : Priority.values()) {
            var it = pending.get(p).entrySet().iterator();
            while (it.hasNext() && out.size() < max) {
                OutboxEntry e = it.next().getValue();
                it.remove();
                inFlight.put(e.seq(), e);
                out.add(e);
            }
        }
        return out;
    }

    private long totalPendingNotInFlight() {
        return pending.values().stream().mapToLong(TreeMap::size).sum();
    }

    @Override
    public synchronized void acknowledge(Collection<Long> seqs) {
        for (Long s : seqs) {
            if (inFlight.remove(s) != null) {
                acknowledged++;
            }
        }
    }

    @Override
    public synchronized void release(Collection<Long> seqs) {
        for (Long s : seqs) {
            OutboxEntry e = inFlight.remove(s);
            if (e != null) {
                pending.get(e.priority()).put(s, e);
                released++;
            }
        }
        notifyAll();
    }

    @Override
    public synchronized OutboxStats stats() {
        Map<Priority, Long> p = new EnumMap<>(Priority.class);
        pending.forEach((k, v) -> p.put(k, (long) v.size() + inFlight.values().stream()
                .filter(e -> e.priority() == k).count()));
        return new OutboxStats(p, inFlight.size(), 0, 1 << 20, Map.of(DropReason.CORRUPT, 0L), lastSeq);
    }

    synchronized long acknowledgedCount() {
        return acknowledged;
    }

    /** Entries taken and neither acknowledged nor released. */
    synchronized int inFlight() {
        return inFlight.size();
    }

    synchronized long unacknowledged() {
        return totalPendingNotInFlight() + inFlight.size();
    }
}
