package org.hanedge.gateway.outbox.internal;

import static org.hanedge.gateway.outbox.internal.Fixtures.drain;
import static org.hanedge.gateway.outbox.internal.Fixtures.event;
import static org.hanedge.gateway.outbox.internal.Fixtures.readings;
import static org.hanedge.gateway.outbox.internal.Fixtures.seqs;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.OutboxFullException;
import org.hanedge.gateway.api.outbox.OutboxStats;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox on a real full disk: a 512 KiB tmpfs, filled by another file (ballast) until ENOSPC. Stored entries
 * stay intact and deliverable, the policy decides what is dropped (counted), the error names the file and says the
 * disk is full, and appends work again once the ballast is deleted, without reopening. Needs root (mount); skipped
 * with a message otherwise.
 */
class DiskFullTest {
    private static Path mount;
    private static boolean mounted;

    private Path ballast;

    @BeforeAll
    static void mountSmallTmpfs() throws Exception {
        mount = Files.createTempDirectory("outbox-full-disk");
        String out = run("mount", "-t", "tmpfs", "-o", "size=512k", "outbox-full-disk", mount.toString());
        mounted = out == null;
        assumeTrue(mounted, "skipped: cannot mount a 512 KiB tmpfs at " + mount + " (needs root; CI runs as root): "
                + out);
    }

    @AfterAll
    static void unmount() throws Exception {
        if (mounted) {
            String out = run("umount", mount.toString());
            assertEquals(null, out, "umount " + mount);
        }
        Files.deleteIfExists(mount);
    }

    @AfterEach
    void emptyDisk() throws IOException {
        try (Stream<Path> all = Files.walk(mount)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                if (!p.equals(mount)) {
                    Files.delete(p);
                }
            }
        }
    }

    @Test
    void dropOldestDropsOldTelemetryForNewAndKeepsAlarms() throws Exception {
        FileOutbox.Settings s = settings("drop").withPolicy(FileOutbox.FullPolicy.DROP_OLDEST);
        TreeMap<Long, Payload> stored = new TreeMap<>();
        try (FileOutbox outbox = new FileOutbox(s)) {
            List<Payload> alarms = alarms(20);
            long alarmLast = durable(outbox.append(Priority.ALARM, alarms));
            for (int i = 0; i < alarms.size(); i++) {
                stored.put(alarmLast - alarms.size() + 1 + i, alarms.get(i));
            }
            long no = 0;
            for (int b = 0; b < 6; b++, no += 100) {
                put(stored, readings(no, 100), durable(outbox.append(Priority.TELEMETRY, readings(no, 100))));
            }
            fillDisk();

            long dropped = 0;
            for (int b = 0; b < 40 && dropped == 0; b++, no += 100) {
                put(stored, readings(no, 100), durable(outbox.append(Priority.TELEMETRY, readings(no, 100))));
                dropped = outbox.stats().drops().get(DropReason.FULL_DROPPED_OLDEST);
            }
            OutboxStats st = outbox.stats();
            System.out.printf("disk full, drop-oldest: %d telemetry entries dropped for newer ones, stats %s%n",
                    dropped, st);
            assertTrue(dropped > 0, "the oldest telemetry made room on the full disk: " + st);
            assertEquals(0, st.drops().get(DropReason.FULL_REJECTED), st.toString());
            assertEquals(20, st.pending().get(Priority.ALARM), "alarms never dropped for telemetry");

            // what is left: every alarm and the newest telemetry, intact and in order
            List<OutboxEntry> all = drain(outbox);
            List<Long> telemetry = all.stream().filter(e -> e.priority() == Priority.TELEMETRY)
                    .map(OutboxEntry::seq).toList();
            assertEquals(stored.size() - dropped, all.size());
            assertEquals(List.copyOf(stored.tailMap(telemetry.get(0)).keySet()), telemetry, "the oldest went");
            for (OutboxEntry e : all) {
                assertEquals(stored.get(e.seq()), e.payload(), "seq " + e.seq());
            }
            outbox.release(seqs(all));
        }
        try (FileOutbox outbox = new FileOutbox(s)) {
            assertEquals(0, outbox.stats().drops().get(DropReason.CORRUPT), "nothing stored was damaged");
            for (OutboxEntry e : drain(outbox)) {
                assertEquals(stored.get(e.seq()), e.payload(), "after reopen, seq " + e.seq());
            }
        }
    }

    @Test
    void dropOldestRejectsWhenOnlyMoreImportantEntriesAreStoredAndRecoversWhenSpaceReturns() throws Exception {
        FileOutbox.Settings s = settings("alarms").withPolicy(FileOutbox.FullPolicy.DROP_OLDEST);
        try (FileOutbox outbox = new FileOutbox(s)) {
            List<Payload> alarms = alarms(200);
            long alarmLast = durable(outbox.append(Priority.ALARM, alarms));
            fillDisk();

            String log = stderrOf(() -> {
                OutboxFullException e = assertThrows(OutboxFullException.class,
                        () -> outbox.append(Priority.TELEMETRY, readings(0, 100)));
                assertDiskFullMessage(e.getMessage(), s.directory().resolve("TELEMETRY"));
            });
            assertDiskFullMessage(log, s.directory().resolve("TELEMETRY"));
            OutboxStats st = outbox.stats();
            assertEquals(100, st.drops().get(DropReason.FULL_REJECTED), st.toString());
            assertEquals(0, st.drops().get(DropReason.FULL_DROPPED_OLDEST), "alarms are never dropped for telemetry");
            assertEquals(200, st.pending().get(Priority.ALARM));

            // the stored alarms are delivered and acknowledged while the disk is full
            List<OutboxEntry> taken = drain(outbox);
            assertEquals(alarms, taken.stream().map(OutboxEntry::payload).toList());
            outbox.acknowledge(seqs(taken));

            // space returns: the very next append works, no restart
            Files.delete(ballast);
            long seq = durable(outbox.append(Priority.TELEMETRY, readings(100, 100)));
            assertTrue(seq > alarmLast + 100, "numbers of the rejected append are not used again: " + seq);
            assertEquals(readings(100, 100), drain(outbox).stream().map(OutboxEntry::payload).toList());
        }
    }

    @Test
    void rejectNewRejectsOnAFullDiskKeepsWhatIsStoredAndRecoversWhenSpaceReturns() throws Exception {
        FileOutbox.Settings s = settings("reject").withPolicy(FileOutbox.FullPolicy.REJECT_NEW);
        try (FileOutbox outbox = new FileOutbox(s)) {
            List<Payload> stored = new ArrayList<>(readings(0, 500));
            durable(outbox.append(Priority.TELEMETRY, readings(0, 500)));
            fillDisk();

            int rejected = 0;
            for (int b = 0; b < 5; b++) {
                OutboxFullException e = assertThrows(OutboxFullException.class,
                        () -> outbox.append(Priority.TELEMETRY, readings(1000, 100)));
                assertDiskFullMessage(e.getMessage(), s.directory().resolve("TELEMETRY"));
                rejected += 100;
            }
            OutboxStats st = outbox.stats();
            System.out.printf("disk full, reject-new: %d entries rejected, stats %s%n", rejected, st);
            assertEquals(rejected, st.drops().get(DropReason.FULL_REJECTED), st.toString());
            assertEquals(0, st.drops().get(DropReason.FULL_DROPPED_OLDEST), "reject-new never drops stored entries");
            assertEquals(500, st.totalPending());

            List<OutboxEntry> all = drain(outbox);
            assertEquals(stored, all.stream().map(OutboxEntry::payload).toList(), "stored entries intact");
            outbox.release(seqs(all));

            Files.delete(ballast);
            long seq = durable(outbox.append(Priority.TELEMETRY, readings(2000, 100)));
            assertEquals(600, outbox.stats().totalPending());
            assertTrue(seq > 500 + rejected, "rejected numbers are not used again: " + seq);
        }
        try (FileOutbox outbox = new FileOutbox(s)) {
            OutboxStats st = outbox.stats();
            assertEquals(0, st.drops().get(DropReason.CORRUPT), "nothing stored was damaged");
            assertEquals(500, st.drops().get(DropReason.FULL_REJECTED), "counted and persisted");
            List<Payload> expected = new ArrayList<>(readings(0, 500));
            expected.addAll(readings(2000, 100));
            assertEquals(expected, drain(outbox).stream().map(OutboxEntry::payload).toList());
        }
    }

    private static FileOutbox.Settings settings(String name) {
        // max.bytes far above the disk: the disk fills first
        return Fixtures.settings(mount.resolve(name)).withSegmentBytes(16 * 1024).withMaxBytes(64L << 20)
                .withCommitDelay(Duration.ofMillis(5));
    }

    private static List<Payload> alarms(int n) {
        List<Payload> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(event(i));
        }
        return out;
    }

    private static void put(TreeMap<Long, Payload> stored, List<Payload> batch, long last) {
        for (int i = 0; i < batch.size(); i++) {
            stored.put(last - batch.size() + 1 + i, batch.get(i));
        }
    }

    private static long durable(java.util.concurrent.CompletionStage<Long> stage) throws Exception {
        return stage.toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Writes a ballast file until the disk refuses even one more byte. */
    private void fillDisk() throws IOException {
        ballast = mount.resolve("ballast");
        try (FileChannel ch = FileChannel.open(ballast, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            for (int chunk : new int[] {64 * 1024, 4096, 512, 1}) {
                ByteBuffer b = ByteBuffer.allocate(chunk);
                try {
                    while (true) {
                        b.clear();
                        while (b.hasRemaining()) {
                            ch.write(b);
                        }
                    }
                } catch (IOException full) {
                    assertTrue(OutboxIOException.isDiskFull(full), full.toString());
                }
            }
        }
        assertTrue(mount.toFile().getUsableSpace() < 4096, "disk full: " + mount.toFile().getUsableSpace());
    }

    private static void assertDiskFullMessage(String text, Path laneDir) {
        assertTrue(text.contains("disk full"), text);
        assertTrue(text.contains(laneDir.toString()), "names the file: " + text);
    }

    private static String stderrOf(Runnable r) {
        PrintStream saved = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(saved);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    /** Runs a command; null if it succeeded, else its output and exit code. */
    private static String run(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return "timed out";
        }
        return p.exitValue() == 0 ? null : "exit " + p.exitValue() + ": " + out.trim();
    }
}
