package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.function.LongSupplier;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import org.hanedge.gateway.api.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives records their true time (docs/uplink.md, "Clock"): owns the epoch table, the clock watch (steps, fallback,
 * persistence) and the server time request. Records of this boot are held until the time is known.
 */
final class ClockCorrection {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    private final ClockEpochs table;
    private final ClockWatch watch;
    private final TimeClient timeClient;

    /**
     * Loads the table and starts a new boot epoch after the outbox's current last seq.
     *
     * @param wake called when the time became known, so the uplink thread stops waiting
     * @throws UncheckedIOException when the table cannot be read; IllegalArgumentException when it is damaged
     */
    ClockCorrection(ClockSettings settings, UplinkSettings uplink, ClockSource clock, LongSupplier lastSeq,
            long jvmStartWall, Runnable wake) {
        this.table = load(settings);
        long wall = clock.wallMillis();
        table.startBoot(ProcessHandle.current().pid() + "@" + jvmStartWall, lastSeq.getAsLong(), jvmStartWall, wall,
                wall - clock.monoMillis());
        table.save();
        ClockWatch[] w = new ClockWatch[1];
        this.timeClient = new TimeClient(uplink, table, clock, lastSeq, () -> {
            w[0].save();
            wake.run();
        });
        this.watch = new ClockWatch(table, clock, lastSeq, settings.fallbackMillis(), timeClient::askedSince, wake);
        w[0] = watch;
    }

    /** The table; a damaged one is moved aside (ERROR) and replaced by an empty one, so the uplink still runs. */
    private static ClockEpochs load(ClockSettings settings) {
        Path file = settings.tableFile();
        try {
            try {
                return ClockEpochs.load(file, settings.toleranceMillis());
            } catch (IllegalArgumentException e) {
                Path aside = file.resolveSibling(file.getFileName() + ".damaged");
                Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                LOG.error("uplink clock: {}; moved to {}, starting an empty table (records of earlier runs go out "
                        + "with their local times)", e.getMessage(), aside);
                return ClockEpochs.load(file, settings.toleranceMillis());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("clock epoch table " + file + " unreadable: " + e, e);
        }
    }

    void start() {
        watch.start();
    }

    void stop() {
        timeClient.stop();
        watch.stop();
    }

    boolean known() {
        return table.known();
    }

    TimeClient timeClient() {
        return timeClient;
    }

    ClockStatus status() {
        return table.status();
    }

    /** The reading with its time corrected (itself when the correction is 0). */
    Reading correct(long seq, Reading r) {
        long c = table.correction(seq, r.time().toEpochMilli());
        return c == 0 ? r : new Reading(r.deviceId(), r.channel(), r.value(), r.unit(), r.time().plusMillis(c),
                r.quality());
    }

    /** An event's time corrected. */
    Instant correct(long seq, Instant time) {
        return time.plusMillis(table.correction(seq, time.toEpochMilli()));
    }
}
