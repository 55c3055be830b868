package org.hanedge.fleet.ingest;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.fleet.event.FleetEvent;
import org.hanedge.fleet.telemetry.store.LatestValues;
import org.hanedge.fleet.telemetry.store.ReadingStore;
import org.hanedge.fleet.telemetry.store.SeriesKey;
import org.hanedge.fleet.telemetry.store.SeriesRegistry;
import org.hanedge.fleet.telemetry.store.StoredReading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The single writer of ingested data. Takes whatever is queued (group commit: batches grow under load, a lone
 * message is written at once), writes readings, sequence runs, dead letters and actions in one transaction, and
 * only then runs each item's {@code onCommitted} (the MQTT acknowledgement). A failed write is retried until it
 * succeeds: nothing acknowledged is ever lost, and while the database is down the broker holds the backlog.
 *
 * <p>Before acknowledging, the commit is made durable ({@link DurableCommit}: on H2 a commit is not in the file yet
 * when it returns).
 */
@Component
public class IngestWriter implements SmartLifecycle {
    private static final Logger LOG = LoggerFactory.getLogger(IngestWriter.class);
    /** Starts before the MQTT consumer and stops after it. */
    public static final int PHASE = 200;

    private final BlockingQueue<IngestItem> queue;
    private final int batchSize;
    private final TransactionTemplate tx;
    private final TransactionTemplate nested;
    private final JdbcClient jdbc;
    private final JdbcTemplate template;
    private final ReadingStore readings;
    private final SeriesRegistry series;
    private final LatestValues latest;
    private final IngestMetrics metrics;
    private final Clock clock;
    /** External broker: other servers may write this database too (see {@link StoredSeqFilter}). */
    private final boolean sharedDatabase;
    private final ApplicationEventPublisher events;
    private final DurableCommit durable;
    private volatile long lastCommittedBatch;
    private volatile boolean running;
    private volatile Thread thread;
    private final ThreadLocal<Boolean> acknowledging = new ThreadLocal<>();

    public IngestWriter(FleetProperties properties, PlatformTransactionManager txManager, JdbcClient jdbc,
            JdbcTemplate template, ReadingStore readings, SeriesRegistry series, LatestValues latest,
            IngestMetrics metrics, Clock clock) {
        this(properties, txManager, jdbc, template, readings, series, latest, metrics, clock, e -> { });
    }

    /** @param events receives {@link FleetEvent.Readings} after each commit that stored readings */
    @Autowired
    public IngestWriter(FleetProperties properties, PlatformTransactionManager txManager, JdbcClient jdbc,
            JdbcTemplate template, ReadingStore readings, SeriesRegistry series, LatestValues latest,
            IngestMetrics metrics, Clock clock, ApplicationEventPublisher events) {
        this.events = events;
        this.queue = new LinkedBlockingQueue<>(Math.max(1, properties.ingest().queueCapacity() / 16));
        this.batchSize = properties.ingest().batchSize();
        this.tx = new TransactionTemplate(txManager);
        this.nested = new TransactionTemplate(txManager);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
        this.jdbc = jdbc;
        this.template = template;
        this.readings = readings;
        this.series = series;
        this.latest = latest;
        this.metrics = metrics;
        this.clock = clock;
        this.sharedDatabase = !properties.mqtt().embedded();
        this.durable = new DurableCommit(template);
        Long max = jdbc.sql("SELECT MAX(batch) FROM reading").query(Long.class).optional().orElse(null);
        this.lastCommittedBatch = max == null ? 0 : max;
    }

    /** Queues work; blocks while the queue is full (the MQTT client then stops acknowledging, and the broker waits). */
    public void submit(IngestItem item) {
        try {
            queue.put(item);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing ingest work", e);
        }
    }

    /** Whether the caller runs inside an item's {@code onCommitted}, i.e. after that item's commit. */
    public boolean inOnCommitted() {
        return Boolean.TRUE.equals(acknowledging.get());
    }

    /** The highest batch (arrival) number whose rows are committed; rows with a higher one may still come. */
    public long lastCommittedBatch() {
        return lastCommittedBatch;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::loop, "hanedge-ingest-writer");
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            try {
                // the loop ends after its current write (an interrupt could close H2's file channel mid-write);
                // interrupted only if that write keeps failing (database down)
                thread.join(10_000);
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(10_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        List<IngestItem> rest = new ArrayList<>();
        queue.drainTo(rest);
        if (!rest.isEmpty()) {
            // written but not acknowledged: the broker redelivers whatever the writer had not committed
            writeWithRetry(rest, 3);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    private void loop() {
        List<IngestItem> items = new ArrayList<>();
        while (running) {
            try {
                IngestItem first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                items.add(first);
                int n = first.readings().size();
                IngestItem next;
                while (n < batchSize && (next = queue.poll()) != null) {
                    items.add(next);
                    n += next.readings().size();
                }
                writeWithRetry(items, Integer.MAX_VALUE);
                items.clear();
            } catch (InterruptedException e) {
                if (!items.isEmpty()) {
                    writeWithRetry(items, 3);
                    items.clear();
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Writes the items, retrying with back-off. A batch that keeps failing is split and written item by item; an
     * item whose data the database refuses ({@link WriteFailures#isPoison}) while the database otherwise works (a
     * poison message) is kept as a dead letter instead, so one bad message cannot stop the ingest. While the
     * database is down or locked, nothing is acknowledged.
     */
    private void writeWithRetry(List<IngestItem> items, int attempts) {
        long delay = 100;
        for (int attempt = 1; ; attempt++) {
            try {
                write(items);
                return;
            } catch (RuntimeException e) {
                if (attempt >= 3 && items.size() > 1) {
                    LOG.warn("ingest: a batch of {} messages failed {} times ({}); writing them one by one",
                            items.size(), attempt, e.toString());
                    for (IngestItem item : items) {
                        writeWithRetry(List.of(item), attempts);
                    }
                    return;
                }
                if (attempt >= 3 && items.size() == 1 && WriteFailures.isPoison(e)
                        && poisonToDeadLetter(items.get(0), e)) {
                    return;
                }
                if (attempt >= attempts) {
                    LOG.error("ingest: giving up writing {} messages after {} attempts (not acknowledged: the broker"
                            + " redelivers them): {}", items.size(), attempt, e.toString());
                    return;
                }
                LOG.error("ingest: database write of {} messages failed (attempt {}), retrying in {} ms: {}",
                        items.size(), attempt, delay, e.toString());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    attempts = Math.min(attempts, attempt + 2);
                }
                delay = Math.min(delay * 2, 5_000);
            }
        }
    }

    /** Stores a message that cannot be written as a dead letter; false if even that fails (database down). */
    private boolean poisonToDeadLetter(IngestItem item, RuntimeException cause) {
        String detail = "could not be stored: " + cause;
        DeadLetter d = new DeadLetter(clock.millis(), item.gatewayId(), "(ingest)", "STORE_FAILED", detail, null);
        try {
            write(List.of(new IngestItem(item.gatewayId(), List.of(), List.of(d), item.seqs(), null,
                    item.onCommitted())));
            metrics.deadLetter("STORE_FAILED");
            LOG.error("ingest: a message of gateway {} with {} readings could not be stored and was kept as a dead"
                    + " letter: {}", item.gatewayId(), item.readings().size(), cause.toString());
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void write(List<IngestItem> items) {
        long started = System.nanoTime();
        long batch = Math.max(lastCommittedBatch + 1, clock.millis());
        List<StoredReading> all = new ArrayList<>();
        Map<SeriesKey, Long> created = new java.util.HashMap<>();
        long[][] ids = new long[1][];
        int[] repeats = new int[1];
        tx.executeWithoutResult(status -> {
            all.clear();
            List<IngestItem> fresh = items;
            if (sharedDatabase) {
                fresh = items.stream().map(i -> StoredSeqFilter.withoutStored(template, i)).toList();
                repeats[0] = 0;
                for (int k = 0; k < items.size(); k++) {
                    repeats[0] += items.get(k).seqs().length - fresh.get(k).seqs().length;
                }
            }
            fresh.forEach(i -> all.addAll(i.readings()));
            ids[0] = readings.insert(all, batch, created);
            insertSeqRuns(fresh);
            insertDeadLetters(fresh);
            for (IngestItem i : fresh) {
                if (i.action() != null) {
                    runAction(i);
                }
            }
        });
        series.commit(created);
        lastCommittedBatch = batch;
        long committed = clock.millis();
        for (int k = 0; k < all.size(); k++) {
            StoredReading r = all.get(k);
            latest.offer(ids[0][k], r);
            metrics.latency(r.ts(), committed);
        }
        metrics.stored(all.size());
        for (int k = 0; k < repeats[0]; k++) {
            metrics.duplicate();
        }
        if (!all.isEmpty()) {
            java.util.Set<String> gateways = new java.util.HashSet<>();
            items.forEach(i -> {
                if (!i.readings().isEmpty()) {
                    gateways.add(i.gatewayId());
                }
            });
            publishQuietly(new FleetEvent.Readings(gateways));
        }
        metrics.write(System.nanoTime() - started);
        // committed (visible, counted) above; acknowledged only once durable
        boolean synced = durable.sync();
        if (!synced) {
            LOG.error("ingest: {} messages committed but not synced to the database file: not acknowledged (their"
                    + " senders send them again)", items.size());
            return;
        }
        acknowledging.set(Boolean.TRUE);
        try {
            for (IngestItem i : items) {
                try {
                    i.onCommitted().run();
                } catch (RuntimeException e) {
                    LOG.warn("ingest: acknowledging a message of {} failed: {}", i.gatewayId(), e.toString());
                }
            }
        } finally {
            acknowledging.remove();
        }
    }

    private void publishQuietly(FleetEvent event) {
        try {
            events.publishEvent(event);
        } catch (RuntimeException e) {
            LOG.warn("ingest: a listener of {} failed: {}", event.getClass().getSimpleName(), e.toString());
        }
    }

    /** An action runs under a savepoint: if it fails, only it is undone, and it is kept as a dead letter. */
    private void runAction(IngestItem i) {
        try {
            nested.executeWithoutResult(st -> i.action().accept(jdbc));
        } catch (RuntimeException e) {
            metrics.deadLetter("STORE_FAILED");
            LOG.error("ingest: an update from gateway {} failed and was kept as a dead letter: {}", i.gatewayId(),
                    e.toString());
            template.update("INSERT INTO dead_letter (received_at, gateway_id, topic, reason, detail, payload_size)"
                    + " VALUES (?, ?, ?, ?, ?, 0)", clock.millis(), i.gatewayId(), "(ingest)", "STORE_FAILED",
                    ("could not be applied: " + e).substring(0, Math.min(1000, ("could not be applied: " + e).length())));
        }
    }

    private void insertSeqRuns(List<IngestItem> items) {
        List<Object[]> rows = new ArrayList<>();
        for (IngestItem i : items) {
            if (i.seqs().length > 0) {
                for (long[] run : SeqRuns.runsOf(i.seqs())) {
                    rows.add(new Object[] { i.gatewayId(), run[0], run[1] });
                }
            }
        }
        if (!rows.isEmpty()) {
            template.batchUpdate("INSERT INTO ingest_seq (gateway_id, seq_from, seq_to) VALUES (?, ?, ?)", rows);
        }
    }

    private void insertDeadLetters(List<IngestItem> items) {
        List<Object[]> rows = new ArrayList<>();
        for (IngestItem i : items) {
            for (DeadLetter d : i.deadLetters()) {
                rows.add(new Object[] { d.receivedAt(), d.gatewayId(), d.topic(), d.reason(), d.detailClipped(),
                        d.payloadSize(), d.payloadBase64() });
            }
        }
        if (!rows.isEmpty()) {
            template.batchUpdate("INSERT INTO dead_letter (received_at, gateway_id, topic, reason, detail, payload_size,"
                    + " payload) VALUES (?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }
}
