package org.hanedge.gateway.api.outbox;

/** Why entries left the outbox without being acknowledged. Reported on the {@code stats} topic. */
public enum DropReason {
    /** Full, policy "drop oldest": the oldest entries of the lowest priority made room. */
    FULL_DROPPED_OLDEST,
    /** Full, policy "reject new": an append was refused. */
    FULL_REJECTED,
    /** Found damaged at start (torn or corrupt tail after a crash) and discarded. */
    CORRUPT,
    /** The disk refused a write (full or failing). */
    IO_ERROR
}
