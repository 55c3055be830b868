package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The persisted table of clock epochs and their corrections (docs/uplink.md, "Clock"). Within one boot the monotonic
 * clock ties all epochs together: true time = monotonic + K, local time = monotonic + offset, so an epoch's correction
 * is {@code K - offset}. K is learnt from the server, assumed from a step of the OS clock, or assumed after the
 * fallback timeout; a correction once known is never changed (records are never re-timed). Corrections below the
 * tolerance are 0. Thread-safe.
 */
final class ClockEpochs {
    static final String HEADER = "hanedge-clock-epochs 1";
    /** Epochs kept; older ones are forgotten (their records, if any are still pending, go out with local times). */
    static final int MAX_EPOCHS = 64;

    private final Path file;
    private final long toleranceMillis;
    private final List<ClockEpoch> epochs = new ArrayList<>();
    private int boot;
    private String bootId = "-"; // the JVM of the current boot (pid@start), so a reactivation resumes it
    private long checkpointSeq;
    private Long trueMinusMono; // K of the current boot
    private TimeSource source = TimeSource.NONE;
    private Long lastOffset;
    private Long lastRtt;
    private long uncorrected;
    private boolean dirty;

    private ClockEpochs(Path file, long toleranceMillis) {
        this.file = file;
        this.toleranceMillis = toleranceMillis;
    }

    /**
     * Reads the table ({@code file} missing: empty).
     *
     * @throws IOException when it cannot be read
     * @throws IllegalArgumentException naming the file and line when it is damaged
     */
    static ClockEpochs load(Path file, long toleranceMillis) throws IOException {
        ClockEpochs t = new ClockEpochs(file, toleranceMillis);
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return t;
        }
        if (lines.isEmpty() || !HEADER.equals(lines.get(0))) {
            throw new IllegalArgumentException(file + ": not a clock epoch table (first line must be '" + HEADER + "')");
        }
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).trim().split(" ");
            try {
                switch (f[0]) {
                    case "boot" -> {
                        t.boot = Integer.parseInt(f[1]);
                        t.bootId = f.length > 2 ? f[2] : "-";
                    }
                    case "k" -> {
                        t.trueMinusMono = Long.valueOf(f[1]);
                        t.source = TimeSource.valueOf(f[2]);
                    }
                    case "checkpoint" -> t.checkpointSeq = Long.parseLong(f[1]);
                    case "epoch" -> t.epochs.add(ClockEpoch.parse(f));
                    case "" -> { }
                    default -> throw new IllegalArgumentException("unknown key '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": '" + lines.get(i) + "' is damaged ("
                        + e.getMessage() + ")", e);
            }
        }
        return t;
    }

    /**
     * The uplink starts. In the JVM of the table's current boot ({@code bootId}: a reactivation after a configuration
     * change) the boot goes on with its known time; a clock step meanwhile is a new epoch (its ambiguous seqs are
     * those since the last checkpoint, taken within the last minute). Otherwise a new boot: its epoch starts after
     * the outbox's {@code lastSeq}; seqs appended since the previous boot's last checkpoint belong to it when their
     * local time lies between the JVM's start and now (±1 s).
     */
    synchronized void startBoot(String jvmId, long lastSeq, long jvmStartWall, long nowWall, long offset) {
        if (jvmId.equals(bootId) && !epochs.isEmpty() && epochs.get(epochs.size() - 1).boot() == boot) {
            if (Math.abs(offset - currentOffset()) > ClockWatch.STEP_MILLIS) {
                stepped(checkpointSeq + 1, lastSeq + 1, nowWall - 60_000, nowWall + 1000, offset);
            }
            checkpointSeq = Math.max(checkpointSeq, lastSeq);
            return;
        }
        boot++;
        bootId = jvmId;
        trueMinusMono = null;
        source = TimeSource.NONE;
        long ambiguousFrom = Math.min(checkpointSeq + 1, lastSeq + 1);
        add(new ClockEpoch(boot, ambiguousFrom, lastSeq + 1, jvmStartWall - 1000, nowWall + 1000, offset, null));
        checkpointSeq = Math.max(checkpointSeq, lastSeq);
    }

    /**
     * The OS clock stepped: a new epoch. Seqs from {@code firstSeq} on are surely after the step; those in
     * {@code [ambiguousFromSeq, firstSeq)} are after it when their local time is in the window. Unless the server
     * gave the time, the stepped clock is taken as right.
     */
    synchronized void stepped(long ambiguousFromSeq, long firstSeq, long windowFrom, long windowTo, long newOffset) {
        if (source != TimeSource.SERVER) {
            trueMinusMono = newOffset;
            source = TimeSource.STEP;
        }
        add(new ClockEpoch(boot, ambiguousFromSeq, firstSeq, windowFrom, windowTo, newOffset, null));
        fill();
    }

    /**
     * The server's time was measured: {@code k} = true time minus monotonic clock. It replaces a weaker source; a
     * known K that differs by more than the tolerance starts a new epoch after {@code lastSeq} (clock drift, or the
     * assumption was wrong); earlier records keep their correction.
     */
    synchronized void measured(long k, long rttMillis, long lastSeq) {
        lastRtt = rttMillis;
        lastOffset = k - currentOffset();
        if (trueMinusMono == null) {
            trueMinusMono = k;
        } else if (Math.abs(k - trueMinusMono) > toleranceMillis) {
            trueMinusMono = k;
            long next = Math.max(lastSeq + 1, epochs.get(epochs.size() - 1).firstSeq());
            add(new ClockEpoch(boot, next, next, 0, 0, currentOffset(), null));
        }
        source = TimeSource.SERVER;
        fill();
    }

    /** Nothing told the time within the fallback timeout: the local clock is taken as right. True if applied now. */
    synchronized boolean fallback() {
        if (source != TimeSource.NONE) {
            return false;
        }
        trueMinusMono = currentOffset();
        source = TimeSource.FALLBACK;
        fill();
        return true;
    }

    synchronized boolean known() {
        return source != TimeSource.NONE;
    }

    /**
     * True minus local time for the record {@code seq} taken at local time {@code localMillis}: its epoch's
     * correction; 0 (counted) when its epoch is not in the table or its correction was never learnt.
     */
    synchronized long correction(long seq, long localMillis) {
        for (int i = epochs.size() - 1; i >= 0; i--) {
            ClockEpoch e = epochs.get(i);
            if (e.claims(seq, localMillis)) {
                if (e.correctionMillis() != null) {
                    return e.correctionMillis();
                }
                break;
            }
        }
        uncorrected++;
        return 0;
    }

    /** The outbox's last seq as sampled now: the next boot's ambiguous range starts after it. */
    synchronized void checkpoint(long lastSeq) {
        checkpointSeq = Math.max(checkpointSeq, lastSeq);
    }

    /** Wall minus monotonic clock of the current epoch. */
    synchronized long currentOffset() {
        return epochs.isEmpty() ? 0 : epochs.get(epochs.size() - 1).offsetMillis();
    }

    synchronized boolean dirty() {
        return dirty;
    }

    synchronized List<ClockEpoch> epochs() {
        return List.copyOf(epochs);
    }

    synchronized ClockStatus status() {
        Long corr = epochs.isEmpty() ? null : epochs.get(epochs.size() - 1).correctionMillis();
        return new ClockStatus(source != TimeSource.NONE, source, corr, lastOffset, lastRtt, epochs.size(),
                uncorrected);
    }

    /** Writes the table: a temporary file, fsync, atomic rename, fsync of the directory. */
    synchronized void save() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        sb.append("boot ").append(boot).append(' ').append(bootId).append('\n');
        if (trueMinusMono != null) {
            sb.append("k ").append(trueMinusMono).append(' ').append(source.name()).append('\n');
        }
        sb.append("checkpoint ").append(checkpointSeq).append('\n');
        epochs.forEach(e -> sb.append(e.line()).append('\n'));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems cannot sync a directory; the rename is still atomic
            }
        } catch (IOException e) {
            throw new UncheckedIOException("clock epoch table " + file + " not written: " + e.getMessage(), e);
        }
        dirty = false;
    }

    private void add(ClockEpoch e) {
        epochs.add(e);
        while (epochs.size() > MAX_EPOCHS) {
            epochs.remove(0);
        }
        dirty = true;
    }

    /** Gives every epoch of this boot without a correction the one K implies. */
    private void fill() {
        if (trueMinusMono == null) {
            return;
        }
        for (int i = 0; i < epochs.size(); i++) {
            ClockEpoch e = epochs.get(i);
            if (e.boot() == boot && e.correctionMillis() == null) {
                long c = trueMinusMono - e.offsetMillis();
                epochs.set(i, e.withCorrection(Math.abs(c) <= toleranceMillis ? 0 : c));
                dirty = true;
            }
        }
    }
}
