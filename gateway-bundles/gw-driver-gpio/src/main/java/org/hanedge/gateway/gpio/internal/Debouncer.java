package org.hanedge.gateway.gpio.internal;

/**
 * Debounce state machine of one pin, fed with raw levels and their time stamps (not thread-safe; one owner thread).
 * A new level counts only once it has held for the debounce time without the pin returning to the stable level;
 * shorter glitches are ignored and chatter (a bouncing contact) yields a single edge. The accepted edge is dated at
 * the start of the level that held. With a debounce of 0 every level change is accepted at once.
 */
final class Debouncer {
    /** No accepted edge. */
    static final long NONE = Long.MIN_VALUE;

    private final long debounceNanos;
    private boolean stable;
    private boolean pending;
    private boolean candidate;
    private long candidateSince;

    Debouncer(long debounceNanos, boolean initialLevel) {
        if (debounceNanos < 0) {
            throw new IllegalArgumentException("debounce < 0");
        }
        this.debounceNanos = debounceNanos;
        this.stable = initialLevel;
    }

    /** The debounced (stable) level. */
    boolean level() {
        return stable;
    }

    /**
     * A raw level seen at {@code t}. Returns the time of an edge this accepts (the pending level had held long enough
     * before this change arrived, or the debounce is 0), else {@link #NONE}; the accepted level is then {@link #level()}
     * as it was after the edge: callers read {@link #acceptedLevel()}.
     */
    long onRaw(boolean raw, long t) {
        long accepted = NONE;
        if (pending && t - candidateSince >= debounceNanos) {
            accepted = commit();
            if (raw == stable) {
                return accepted;
            }
            // the level changed again after holding: start a new candidate
        }
        if (raw == stable) {
            pending = false; // glitch shorter than the debounce: ignored
            return accepted;
        }
        if (!pending || candidate != raw) {
            pending = true;
            candidate = raw;
            candidateSince = t;
        }
        if (debounceNanos == 0) {
            return commit();
        }
        return accepted;
    }

    private boolean lastAccepted;

    private long commit() {
        stable = candidate;
        pending = false;
        lastAccepted = stable;
        return candidateSince;
    }

    /** The level of the edge last returned by {@link #onRaw} or {@link #onTime}. */
    boolean acceptedLevel() {
        return lastAccepted;
    }

    /** Time passes without a raw change: accepts the pending level if it has held; returns its edge time or NONE. */
    long onTime(long now) {
        if (pending && now - candidateSince >= debounceNanos) {
            return commit();
        }
        return NONE;
    }

    /** When the pending level will have held long enough, or {@link Long#MAX_VALUE} if nothing is pending. */
    long deadline() {
        return pending ? candidateSince + debounceNanos : Long.MAX_VALUE;
    }
}
