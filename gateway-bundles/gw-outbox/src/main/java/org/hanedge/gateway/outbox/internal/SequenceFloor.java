package org.hanedge.gateway.outbox.internal;

/**
 * How far the sequence counter jumps at start when the newest checkpoint may be lost. Every commit writes the
 * checkpoint (with the high-water mark) before its records can be taken, so with a valid newest checkpoint the
 * counter resumes exactly. If only the previous checkpoint survived, numbers handed out in the last commit are
 * known only from the segments; if some of those records were damaged too, their numbers are unknown: at most one
 * per {@link FrameResync#MIN_FRAME} discarded bytes, so the counter skips that many.
 */
final class SequenceFloor {
    private SequenceFloor() {
    }

    /** The numbers to skip: none unless the checkpoint is in doubt and damaged bytes were discarded. */
    static long margin(boolean checkpointInDoubt, long discardedBytes) {
        if (!checkpointInDoubt || discardedBytes <= 0) {
            return 0;
        }
        return discardedBytes / FrameResync.MIN_FRAME + 1;
    }
}
