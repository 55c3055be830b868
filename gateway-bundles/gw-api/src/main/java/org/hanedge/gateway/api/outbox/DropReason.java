package org.hanedge.gateway.api.outbox;

/** Why entries left the outbox without being acknowledged. Reported on the {@code stats} topic. */
public enum DropReason {
    /** Full (size limit or full disk), policy "drop oldest": the oldest entries of the lowest priority made room. */
    FULL_DROPPED_OLDEST,
    /**
     * An append was refused: full under policy "reject new", or a full disk that dropping the oldest allowed entries
     * could not relieve.
     */
    FULL_REJECTED,
    /**
     * Found damaged (torn tail after a crash, or a record whose CRC fails, at start or while reading) and skipped; the
     * intact records behind it are kept.
     */
    CORRUPT,
    /** The disk failed a write or an fsync (other than a full disk). */
    IO_ERROR
}
