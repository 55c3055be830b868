package org.hanedge.simulators.fleet;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A virtual gateway's outbox in memory: encoded packs taken and not yet published, oldest (lowest seq) first, at most
 * {@code limit} packs. When it is full the oldest pack is dropped (a real outbox's drop-oldest policy) and handed back
 * to the caller to count. Not thread-safe: the owning gateway's lock guards it.
 */
final class PackBacklog {
    /** One telemetry pack: records {@code seq .. seq + count - 1}, encoded once when taken. */
    record Pack(long seq, int count, byte[] payload) {
    }

    private final ArrayDeque<Pack> packs = new ArrayDeque<>();
    private final int limit;
    private long readings;

    PackBacklog(int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("backlog limit must be at least 1 pack, got " + limit);
        }
        this.limit = limit;
    }

    /** Appends a newly taken pack (its seq is above every queued one); returns the packs dropped to make room. */
    List<Pack> add(Pack pack) {
        packs.addLast(pack);
        readings += pack.count();
        return trim();
    }

    /**
     * Puts back a pack that was published but not acknowledged, in seq order (normally at the front), so it is sent
     * again with the same seq; returns the packs dropped to stay within the limit (the oldest, possibly this one).
     */
    List<Pack> requeue(Pack pack) {
        if (packs.isEmpty() || pack.seq() < packs.peekFirst().seq()) {
            packs.addFirst(pack);
        } else {
            // rare: a later pack failed first; rebuild in order (the backlog is small when this happens)
            List<Pack> all = new ArrayList<>(packs);
            int i = 0;
            while (i < all.size() && all.get(i).seq() < pack.seq()) {
                i++;
            }
            all.add(i, pack);
            packs.clear();
            packs.addAll(all);
        }
        readings += pack.count();
        return trim();
    }

    /** The oldest pack, removed; null when empty. */
    Pack poll() {
        Pack p = packs.pollFirst();
        if (p != null) {
            readings -= p.count();
        }
        return p;
    }

    boolean isEmpty() {
        return packs.isEmpty();
    }

    int size() {
        return packs.size();
    }

    /** Records in the queued packs. */
    long readings() {
        return readings;
    }

    private List<Pack> trim() {
        if (packs.size() <= limit) {
            return List.of();
        }
        List<Pack> dropped = new ArrayList<>(1);
        Iterator<Pack> it = packs.iterator();
        while (packs.size() > limit && it.hasNext()) {
            Pack p = it.next();
            it.remove();
            readings -= p.count();
            dropped.add(p);
        }
        return dropped;
    }
}
