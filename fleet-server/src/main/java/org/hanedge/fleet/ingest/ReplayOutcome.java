package org.hanedge.fleet.ingest;

/** What replaying a dead letter did. */
public enum ReplayOutcome {
    /** everything in it is now stored (part of it may have been stored before) */
    STORED,
    /** nothing new: all of it was already stored (a replayed record is never stored twice) */
    DUPLICATE,
    /** some or all of it is still refused; the detail names the reason */
    REFUSED,
    /** it cannot be replayed: no payload, only a part of it was kept, or a topic that is not replayed */
    NOT_REPLAYABLE
}
