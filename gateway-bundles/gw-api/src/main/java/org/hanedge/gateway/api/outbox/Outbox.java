package org.hanedge.gateway.api.outbox;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ProviderType;

/** The gateway's durable store-and-forward queue. Thread-safe. */
@ProviderType
public interface Outbox {

    /**
     * Appends payloads with consecutive sequence numbers. The entries are written before this method returns (they
     * survive a crash of the process); the returned stage completes with the last sequence number once they are also
     * on stable storage (fsync, shared with other appends within the group-commit delay), or exceptionally if the disk
     * refused them. Callers that must not return before an entry is durable (alarms) wait for the stage.
     *
     * @throws OutboxFullException when full and the policy rejects new entries
     */
    CompletionStage<Long> append(Priority priority, List<Payload> payloads) throws OutboxFullException;

    /**
     * Takes up to {@code max} entries that are neither acknowledged nor in flight, highest priority first and oldest
     * first within a priority, and marks them in flight. Waits up to {@code wait} for at least one.
     */
    List<OutboxEntry> take(int max, Duration wait) throws InterruptedException;

    /** The broker has the entries: delete them durably. Unknown sequence numbers are ignored. */
    void acknowledge(Collection<Long> seqs);

    /** Sending failed: the entries become pending again, ahead of newer entries of their priority. */
    void release(Collection<Long> seqs);

    OutboxStats stats();
}
