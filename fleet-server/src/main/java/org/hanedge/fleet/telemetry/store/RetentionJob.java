package org.hanedge.fleet.telemetry.store;

import java.time.Clock;

import org.hanedge.fleet.config.FleetProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Deletes what is past its retention, in hour-sized slices so no transaction grows large: raw readings by arrival
 * (batch), rollups by bucket start. Runs hourly and once shortly after start.
 */
@Component
public class RetentionJob {
    private static final Logger LOG = LoggerFactory.getLogger(RetentionJob.class);
    private static final long SLICE = 3_600_000L;

    private final JdbcTemplate jdbc;
    private final FleetProperties.Retention retention;
    private final Clock clock;

    public RetentionJob(JdbcTemplate jdbc, FleetProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.retention = properties.retention();
        this.clock = clock;
    }

    @Scheduled(initialDelay = 60_000, fixedDelay = 3_600_000)
    public void run() {
        try {
            long deleted = runOnce();
            if (deleted > 0) {
                LOG.info("retention: {} rows past their retention deleted", deleted);
            }
        } catch (RuntimeException e) {
            LOG.error("retention: failed, retrying in an hour: {}", e.toString());
        }
    }

    /** Returns the number of rows deleted. */
    public long runOnce() {
        long now = clock.millis();
        long n = slices("reading", "batch", now - retention.raw().toMillis());
        n += slices(Resolution.MINUTE.table(), "bucket", now - retention.minute().toMillis());
        n += slices(Resolution.HOUR.table(), "bucket", now - retention.hour().toMillis());
        n += slices(Resolution.DAY.table(), "bucket", now - retention.day().toMillis());
        return n;
    }

    private long slices(String table, String column, long cutoff) {
        Long oldest = jdbc.queryForObject("SELECT MIN(" + column + ") FROM " + table, Long.class);
        long n = 0;
        if (oldest == null) {
            return 0;
        }
        for (long from = oldest; from < cutoff; from += SLICE) {
            long to = Math.min(from + SLICE, cutoff);
            n += jdbc.update("DELETE FROM " + table + " WHERE " + column + " >= ? AND " + column + " < ?", from, to);
        }
        return n;
    }
}
