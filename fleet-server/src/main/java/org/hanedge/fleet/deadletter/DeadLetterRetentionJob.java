package org.hanedge.fleet.deadletter;

import java.time.Clock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes dead letters older than {@code hanedge.fleet.dead-letters.max-age} and, beyond
 * {@code hanedge.fleet.dead-letters.max-count}, the oldest. Runs hourly and once a minute after start.
 */
@Component
public class DeadLetterRetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRetentionJob.class);

    private final DeadLetterRepository repository;
    private final DeadLetterProperties properties;
    private final Clock clock;

    public DeadLetterRetentionJob(DeadLetterRepository repository, DeadLetterProperties properties, Clock clock) {
        this.repository = repository;
        this.properties = properties;
        this.clock = clock;
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    public void run() {
        try {
            int deleted = runOnce();
            if (deleted > 0) {
                LOG.info("dead letters: {} past their retention deleted", deleted);
            }
        } catch (RuntimeException e) {
            LOG.error("dead letters: retention failed, retrying in an hour: {}", e.toString());
        }
    }

    /** Returns how many were deleted. */
    public int runOnce() {
        int n = repository.deleteReceivedBefore(clock.millis() - properties.maxAge().toMillis());
        return n + repository.deleteBeyond(properties.maxCount());
    }
}
