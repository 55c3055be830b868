package org.hanedge.fleet.deadletter;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Retention of dead letters, hourly and once a minute after start. A resolved dead letter (its data stored by a
 * replay) is history; an unresolved one is data not stored yet. So: resolved ones older than
 * {@code hanedge.fleet.dead-letters.max-age} are deleted; beyond {@code max-count} the oldest resolved ones are
 * deleted first, and unresolved ones (oldest first) only while still over the count after that. Unresolved ones
 * older than {@code max-age} are deleted too (the operator had that long to replay them). Every deletion of
 * unresolved dead letters is data loss the operator must see: a WARN line with the count and the limit, and the
 * counter {@code hanedge.dead.letters.unresolved.deleted{limit}}.
 */
@Component
public class DeadLetterRetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetentionJob.class);

    /** What one run deleted. */
    public record Deleted(int resolved, int unresolvedByAge, int unresolvedByCount) {
        public int total() {
            return resolved + unresolvedByAge + unresolvedByCount;
        }
    }

    private final DeadLetterRepository repository;
    private final DeadLetterProperties properties;
    private final Clock clock;
    private final Counter unresolvedByAge;
    private final Counter unresolvedByCount;

    public DeadLetterRetentionJob(DeadLetterRepository repository, DeadLetterProperties properties, Clock clock,
            MeterRegistry meters) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
        this.unresolvedByAge = unresolvedDeleted(meters, "max-age");
        this.unresolvedByCount = unresolvedDeleted(meters, "max-count");
    }

    private static Counter unresolvedDeleted(MeterRegistry meters, String limit) {
        return Counter.builder("hanedge.dead.letters.unresolved.deleted").tag("limit", limit)
                .description("unresolved dead letters (data not stored) deleted by the retention").register(meters);
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    public void run() {
        try {
            Deleted d = runOnce();
            if (d.resolved() > 0) {
                LOG.info("dead letters: {} resolved past their retention deleted", d.resolved());
            }
        } catch (RuntimeException e) {
            LOG.error("dead letters: retention failed, retrying in an hour: {}", e.toString());
        }
    }

    public Deleted runOnce() {
        long cutoff = clock.millis() - properties.maxAge().toMillis();
        int resolved = repository.deleteReceivedBefore(cutoff, true);
        int byAge = repository.deleteReceivedBefore(cutoff, false);
        if (byAge > 0) {
            unresolvedByAge.increment(byAge);
            LOG.warn("dead letters: {} unresolved dead letters (data not stored) deleted, older than"
                    + " hanedge.fleet.dead-letters.max-age {}", byAge, properties.maxAge());
        }
        long over = repository.countAll() - properties.maxCount();
        if (over > 0) {
            int r = repository.deleteOldest(true, over);
            resolved += r;
            over -= r;
        }
        int byCount = over > 0 ? repository.deleteOldest(false, over) : 0;
        if (byCount > 0) {
            unresolvedByCount.increment(byCount);
            LOG.warn("dead letters: {} unresolved dead letters (data not stored) deleted, oldest first: more than"
                    + " hanedge.fleet.dead-letters.max-count {} even without the resolved ones", byCount,
                    properties.maxCount());
        }
        return new Deleted(resolved, byAge, byCount);
    }
}
