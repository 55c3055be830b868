package org.hanedge.gateway.uplink.mqtt.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples (wall - monotonic) once a second on its own thread ({@code hanedge-uplink-clock}): a change of more than
 * {@value #STEP_MILLIS} ms is a step of the OS clock and starts a new epoch; the outbox's last seq is the checkpoint;
 * when a time request has been unanswered for {@code fallbackMillis} on a live session and the time is still unknown,
 * the local clock is assumed right (WARN). The table is written when
 * an epoch or correction changed, and the checkpoint every {@value #CHECKPOINT_SAVE_MILLIS} ms.
 */
final class ClockWatch {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final long STEP_MILLIS = 1000;
    static final long CHECKPOINT_SAVE_MILLIS = 10_000;

    private final ClockEpochs table;
    private final ClockSource clock;
    private final LongSupplier lastSeq;
    private final long fallbackMillis;
    private final Runnable changed;
    private final LongSupplier askedSince;
    private long prevMono;
    private long prevOffset;
    private long prevLastSeq;
    private long lastSaveMono;
    private long savedCheckpoint;
    private ScheduledExecutorService executor;

    /**
     * @param askedSince monotonic time of the unanswered time request of the current session, or -1
     * @param changed    called (on the sampling thread) when the time became known, so the uplink thread wakes up
     */
    ClockWatch(ClockEpochs table, ClockSource clock, LongSupplier lastSeq, long fallbackMillis,
            LongSupplier askedSince, Runnable changed) {
        this.table = table;
        this.clock = clock;
        this.lastSeq = lastSeq;
        this.fallbackMillis = fallbackMillis;
        this.changed = changed;
        this.askedSince = askedSince;
        this.prevMono = clock.monoMillis();
        this.prevOffset = clock.wallMillis() - prevMono;
        this.prevLastSeq = lastSeq.getAsLong();
        this.lastSaveMono = prevMono;
    }

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "hanedge-uplink-clock");
            t.setDaemon(true);
            return t;
        });
        executor.scheduleWithFixedDelay(this::sampleSafely, 1, 1, TimeUnit.SECONDS);
    }

    void stop() {
        if (executor != null) {
            executor.shutdownNow();
            try {
                executor.awaitTermination(2, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        save();
    }

    private void sampleSafely() {
        try {
            sample();
        } catch (RuntimeException e) {
            LOG.warn("uplink clock: {}", e.getMessage());
        }
    }

    /** One sample (the sampling thread; tests call it directly). */
    synchronized void sample() {
        long last = lastSeq.getAsLong();
        long wall = clock.wallMillis();
        long mono = clock.monoMillis();
        long offset = wall - mono;
        long step = offset - prevOffset;
        boolean wasKnown = table.known();
        if (Math.abs(step) > STEP_MILLIS) {
            long margin = Math.min(STEP_MILLIS, Math.abs(step) / 2);
            table.stepped(prevLastSeq + 1, last + 1, wall - (mono - prevMono) - margin, wall + margin, offset);
            LOG.info("uplink clock: the OS clock stepped by {} ms; new epoch from seq {} (correction {} ms)", step,
                    prevLastSeq + 1, table.status().correctionMillis());
        }
        long asked = askedSince.getAsLong();
        if (!table.known() && asked >= 0 && mono - asked >= fallbackMillis) {
            if (table.fallback()) {
                LOG.warn("uplink clock: the fleet server did not answer the time request within {} ms and the clock "
                        + "did not step; assuming the local clock is right: records of this boot go out with local "
                        + "times", fallbackMillis);
            }
        }
        table.checkpoint(last);
        prevMono = mono;
        prevOffset = offset;
        prevLastSeq = last;
        if (table.dirty() || (last != savedCheckpoint && mono - lastSaveMono >= CHECKPOINT_SAVE_MILLIS)) {
            save();
        }
        if (!wasKnown && table.known()) {
            changed.run();
        }
    }

    /** Writes the table now (also after a server measurement, on the caller's thread). */
    synchronized void save() {
        try {
            table.save();
            lastSaveMono = clock.monoMillis();
            savedCheckpoint = prevLastSeq;
        } catch (RuntimeException e) {
            LOG.warn("uplink clock: {}", e.getMessage());
        }
    }
}
