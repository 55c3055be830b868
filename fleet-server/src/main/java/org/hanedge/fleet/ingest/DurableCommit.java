package org.hanedge.fleet.ingest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Makes a committed transaction durable before the writer acknowledges it. H2 (MVStore): a commit is not yet in the
 * file when it returns (with a write delay the changes are written in the background; with {@code WRITE_DELAY=0}
 * the commit only tries to write them and skips that when another session is storing), so {@link #sync()} runs
 * {@code CHECKPOINT SYNC}: MVStore's blocking commit (the changes written to the file), then an fsync of the file.
 * PostgreSQL: the commit itself waits for the WAL flush unless {@code synchronous_commit} or {@code fsync} is off,
 * which is reported at start.
 */
final class DurableCommit {
    private static final Logger LOG = LoggerFactory.getLogger(DurableCommit.class);

    private final JdbcTemplate template;
    private final boolean h2;

    DurableCommit(JdbcTemplate template) {
        this.template = template;
        String product = template.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
        this.h2 = "H2".equalsIgnoreCase(product);
        if ("PostgreSQL".equalsIgnoreCase(product)) {
            warnUnlessDurable(template);
        }
    }

    /**
     * After a commit: true once it is durable. On H2 the sync is retried (not the transaction) until it works;
     * false if the thread was interrupted first (stopping): the caller then acknowledges nothing.
     */
    boolean sync() {
        if (!h2) {
            return true;
        }
        long delay = 100;
        while (true) {
            try {
                template.execute("CHECKPOINT SYNC");
                return true;
            } catch (RuntimeException e) {
                LOG.error("ingest: CHECKPOINT SYNC failed, retrying in {} ms: {}", delay, e.toString());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                delay = Math.min(delay * 2, 5_000);
            }
        }
    }

    private static void warnUnlessDurable(JdbcTemplate template) {
        try {
            String sync = template.queryForObject("SHOW synchronous_commit", String.class);
            String fsync = template.queryForObject("SHOW fsync", String.class);
            if ("off".equalsIgnoreCase(sync) || "off".equalsIgnoreCase(fsync)) {
                LOG.warn("PostgreSQL runs with synchronous_commit={} fsync={}: a commit may be lost in a crash of"
                        + " the database server, and with it readings already acknowledged to the gateways", sync, fsync);
            }
        } catch (RuntimeException e) {
            LOG.debug("cannot read PostgreSQL's synchronous_commit: {}", e.toString());
        }
    }
}
