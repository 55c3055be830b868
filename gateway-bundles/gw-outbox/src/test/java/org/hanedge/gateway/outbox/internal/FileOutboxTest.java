package org.hanedge.gateway.outbox.internal;

import static org.hanedge.gateway.outbox.internal.Fixtures.drain;
import static org.hanedge.gateway.outbox.internal.Fixtures.event;
import static org.hanedge.gateway.outbox.internal.Fixtures.reading;
import static org.hanedge.gateway.outbox.internal.Fixtures.readings;
import static org.hanedge.gateway.outbox.internal.Fixtures.seqs;
import static org.hanedge.gateway.outbox.internal.Fixtures.settings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileOutboxTest {
    @TempDir
    Path dir;

    @Test
    void payloadsRoundTripExactly() throws Exception {
        List<Payload> sent = new ArrayList<>(readings(0, 20));
        sent.add(event(1));
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            outbox.append(Priority.TELEMETRY, sent).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(sent, drain(outbox).stream().map(OutboxEntry::payload).toList());
        }
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            assertEquals(sent, drain(outbox).stream().map(OutboxEntry::payload).toList(), "after reopen");
        }
    }

    @Test
    void alarmsGoFirstAndOrderIsKeptWithinAPriority() throws Exception {
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            for (int i = 0; i < 10_000; i += 100) {
                outbox.append(Priority.TELEMETRY, readings(i, 100));
            }
            outbox.append(Priority.EVENT, List.of(event(1), event(2)));
            long alarmSeq = outbox.append(Priority.ALARM, List.of(event(99))).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(10_003, alarmSeq);

            List<OutboxEntry> first = outbox.take(1, Duration.ofSeconds(5));
            assertEquals(List.of(alarmSeq), seqs(first));
            assertEquals(Priority.ALARM, first.get(0).priority());
            List<OutboxEntry> rest = drain(outbox);
            assertEquals(10_002, rest.size());
            assertEquals(List.of(10_001L, 10_002L), seqs(rest.subList(0, 2)), "events before telemetry");
            List<Long> telemetry = seqs(rest.subList(2, rest.size()));
            for (int i = 0; i < telemetry.size(); i++) {
                assertEquals(i + 1L, telemetry.get(i));
                assertEquals(reading(i), rest.get(2 + i).payload());
            }
            assertEquals(10_003, outbox.stats().inFlight());
        }
    }

    @Test
    void releasedEntriesComeBackAheadOfNewerOnes() throws Exception {
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            outbox.append(Priority.TELEMETRY, readings(0, 10)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<OutboxEntry> taken = outbox.take(5, Duration.ZERO);
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(taken));
            outbox.acknowledge(List.of(1L, 3L));
            outbox.release(List.of(2L, 4L, 5L));
            assertEquals(List.of(2L, 4L, 5L, 6L), seqs(outbox.take(4, Duration.ZERO)));
            assertEquals(List.of(7L, 8L, 9L, 10L), seqs(drain(outbox)));
        }
    }

    @Test
    void unacknowledgedComeBackAfterReopenAcknowledgedDoNot() throws Exception {
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            outbox.append(Priority.TELEMETRY, readings(0, 100)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            outbox.append(Priority.ALARM, List.of(event(0))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            List<OutboxEntry> taken = drain(outbox);
            assertEquals(101, taken.size());
            // acknowledge out of order: the alarm, 1..40 and every 3rd after that
            List<Long> acked = new ArrayList<>();
            acked.add(101L);
            for (long s = 1; s <= 100; s++) {
                if (s <= 40 || s % 3 == 0) {
                    acked.add(s);
                }
            }
            outbox.acknowledge(acked);
            assertEquals(101 - acked.size(), outbox.stats().totalPending());
        }
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            List<Long> back = seqs(drain(outbox));
            List<Long> expected = new ArrayList<>();
            for (long s = 41; s <= 100; s++) {
                if (s % 3 != 0) {
                    expected.add(s);
                }
            }
            assertEquals(expected, back);
            assertEquals(expected.size(), outbox.stats().totalPending());
        }
    }

    @Test
    void sequenceNumbersSurviveReopenEvenWhenEverythingWasAcknowledged() throws Exception {
        FileOutbox.Settings s = settings(dir).withSegmentBytes(4096).withMaxBytes(1 << 20);
        long last;
        try (FileOutbox outbox = new FileOutbox(s)) {
            for (int i = 0; i < 20; i++) {
                outbox.append(Priority.TELEMETRY, readings(i * 50, 50));
            }
            last = outbox.append(Priority.EVENT, List.of(event(1))).toCompletableFuture().get(10, TimeUnit.SECONDS);
            assertEquals(1001, last);
            List<OutboxEntry> all = drain(outbox);
            assertEquals(1001, all.size());
            outbox.acknowledge(seqs(all));
            assertEquals(0, outbox.stats().totalPending());
        }
        try (Stream<Path> files = Files.walk(dir)) {
            assertEquals(List.of(), files.filter(p -> p.toString().endsWith(".seg")).toList(),
                    "all segments deleted");
        }
        try (FileOutbox outbox = new FileOutbox(s)) {
            assertEquals(last, outbox.stats().lastSeq());
            long next = outbox.append(Priority.TELEMETRY, readings(0, 3)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(last + 3, next);
            assertEquals(List.of(last + 1, last + 2, last + 3), seqs(drain(outbox)));
        }
    }

    @Test
    void groupCommitSharesFsyncs() throws Exception {
        int threads = 8;
        int perThread = 400;
        try (FileOutbox outbox = new FileOutbox(settings(dir).withCommitDelay(Duration.ofMillis(50)))) {
            long before = outbox.fsyncCount();
            List<CompletableFuture<Long>> stages = new ArrayList<>();
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = t * perThread;
                Thread th = new Thread(() -> {
                    List<CompletableFuture<Long>> mine = new ArrayList<>();
                    for (int i = 0; i < perThread; i++) {
                        try {
                            mine.add(outbox.append(Priority.TELEMETRY, List.of(reading(base + i)))
                                    .toCompletableFuture());
                        } catch (Exception e) {
                            throw new AssertionError(e);
                        }
                    }
                    synchronized (stages) {
                        stages.addAll(mine);
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            CompletableFuture.allOf(stages.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
            long fsyncs = outbox.fsyncCount() - before;
            int appends = threads * perThread;
            assertTrue(fsyncs * 20 < appends, fsyncs + " fsyncs for " + appends + " appends");
            assertEquals(appends, outbox.stats().totalPending());
            List<Long> seqs = seqs(drain(outbox));
            assertEquals(appends, seqs.size());
            for (int i = 0; i < seqs.size(); i++) {
                assertEquals(i + 1L, seqs.get(i));
            }
        }
    }

    @Test
    void dropOldestDropsOldestTelemetrySegmentFirstAndKeepsAlarms() throws Exception {
        FileOutbox.Settings s = settings(dir).withSegmentBytes(4096).withMaxBytes(16 * 1024);
        List<Long> alarms = new ArrayList<>();
        List<Long> telemetry = new ArrayList<>();
        try (FileOutbox outbox = new FileOutbox(s)) {
            for (int i = 0; i < 10; i++) {
                alarms.add(outbox.append(Priority.ALARM, List.of(event(i))).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS));
            }
            CompletableFuture<Long> lastStage = null;
            for (int i = 0; i < 1000; i++) {
                lastStage = outbox.append(Priority.TELEMETRY, List.of(reading(i))).toCompletableFuture();
                telemetry.add(outbox.stats().lastSeq());
                assertTrue(outbox.stats().bytesOnDisk() <= s.maxBytes(), "bounded: " + outbox.stats());
            }
            lastStage.get(10, TimeUnit.SECONDS);
            var stats = outbox.stats();
            long dropped = stats.drops().get(DropReason.FULL_DROPPED_OLDEST);
            assertTrue(dropped > 0, "something was dropped");
            assertEquals(10, stats.pending().get(Priority.ALARM));
            assertEquals(1000 - dropped, stats.pending().get(Priority.TELEMETRY), "counters exact");
            List<OutboxEntry> left = drain(outbox);
            assertEquals(alarms, seqs(left.subList(0, 10)), "all alarms kept, first");
            assertEquals(telemetry.subList((int) dropped, 1000), seqs(left.subList(10, left.size())),
                    "the oldest telemetry went, the newest stayed");
            assertEquals(0, stats.drops().get(DropReason.FULL_REJECTED));
        }
        try (FileOutbox outbox = new FileOutbox(s)) {
            var stats = outbox.stats();
            assertEquals(1000 - stats.drops().get(DropReason.FULL_DROPPED_OLDEST),
                    stats.pending().get(Priority.TELEMETRY), "drop counter persisted");
        }
    }

    @Test
    void dropOldestNeverDropsMoreImportantEntriesForTelemetry() throws Exception {
        FileOutbox.Settings s = settings(dir).withSegmentBytes(4096).withMaxBytes(16 * 1024);
        try (FileOutbox outbox = new FileOutbox(s)) {
            for (int i = 0; i < 600; i++) {
                outbox.append(Priority.ALARM, List.of(event(i))); // alarms make room among older alarms
            }
            var before = outbox.stats();
            long alarmsDropped = before.drops().get(DropReason.FULL_DROPPED_OLDEST);
            assertTrue(alarmsDropped > 0, before.toString());
            assertEquals(600 - alarmsDropped, before.pending().get(Priority.ALARM));
            int tooMany = (int) ((s.maxBytes() - before.bytesOnDisk()) / 40) + 10; // every reading frame is > 40 B
            assertThrows(org.hanedge.gateway.api.outbox.OutboxFullException.class,
                    () -> outbox.append(Priority.TELEMETRY, readings(0, tooMany)));
            var after = outbox.stats();
            assertEquals(alarmsDropped, after.drops().get(DropReason.FULL_DROPPED_OLDEST));
            assertEquals(tooMany, after.drops().get(DropReason.FULL_REJECTED));
            assertEquals(before.pending(), after.pending());
        }
    }

    @Test
    void rejectNewThrowsAndCounts() throws Exception {
        FileOutbox.Settings s = settings(dir).withSegmentBytes(4096).withMaxBytes(16 * 1024)
                .withPolicy(FileOutbox.FullPolicy.REJECT_NEW);
        try (FileOutbox outbox = new FileOutbox(s)) {
            int accepted = 0;
            int rejectedPayloads = 0;
            for (int i = 0; i < 200; i++) {
                try {
                    outbox.append(Priority.TELEMETRY, readings(i * 3, 3));
                    accepted += 3;
                } catch (org.hanedge.gateway.api.outbox.OutboxFullException e) {
                    assertTrue(e.getMessage().contains("full"), e.getMessage());
                    rejectedPayloads += 3;
                }
            }
            assertTrue(rejectedPayloads > 0);
            var stats = outbox.stats();
            assertEquals(rejectedPayloads, stats.drops().get(DropReason.FULL_REJECTED));
            assertEquals(0, stats.drops().get(DropReason.FULL_DROPPED_OLDEST));
            assertEquals(accepted, stats.pending().get(Priority.TELEMETRY));
            outbox.append(Priority.TELEMETRY, List.of()).toCompletableFuture().get(10, TimeUnit.SECONDS);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> outbox.stats().inFlight() + drain(outbox).size() == stats.totalPending());
            // acknowledging frees space: appends are accepted again
            List<Long> everything = new ArrayList<>();
            for (long q = 1; q <= stats.lastSeq(); q++) {
                everything.add(q);
            }
            outbox.acknowledge(everything);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
                outbox.append(Priority.TELEMETRY, List.of(reading(0)));
                return true;
            });
        }
    }

    @Test
    void diskErrorFailsTheStageNamingTheFileAndStoredEntriesAreStillTaken() throws Exception {
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            outbox.append(Priority.TELEMETRY, readings(0, 5)).toCompletableFuture().get(10, TimeUnit.SECONDS);
            outbox.faults(new FileOutbox.Faults() {
                @Override
                public void beforeWrite(Path file) throws IOException {
                    throw new IOException("Input/output error"); // a full disk is DiskFullTest's, on a real one
                }
            });
            var stage = outbox.append(Priority.TELEMETRY, readings(5, 3)).toCompletableFuture();
            var e = assertThrows(java.util.concurrent.ExecutionException.class, () -> stage.get(10, TimeUnit.SECONDS));
            assertTrue(e.getCause() instanceof OutboxIOException, e.toString());
            assertTrue(e.getCause().getMessage().contains(dir.resolve("TELEMETRY").toString()), e.getMessage());
            assertTrue(e.getCause().getMessage().contains("Input/output error"), e.getMessage());
            assertEquals(3, outbox.stats().drops().get(DropReason.IO_ERROR));
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L), seqs(drain(outbox)), "stored entries still served");

            // fsync failures fail the stage too
            outbox.faults(new FileOutbox.Faults() {
                @Override
                public void beforeForce(Path file) throws IOException {
                    throw new IOException("Input/output error");
                }
            });
            var stage2 = outbox.append(Priority.TELEMETRY, readings(10, 2)).toCompletableFuture();
            assertThrows(java.util.concurrent.ExecutionException.class, () -> stage2.get(10, TimeUnit.SECONDS));
            assertEquals(5, outbox.stats().drops().get(DropReason.IO_ERROR));

            // the disk recovers: appends resume, sequence numbers were never reused
            outbox.faults(null);
            long seq = outbox.append(Priority.TELEMETRY, readings(20, 1)).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertEquals(11, seq);
            // the entries of the failed fsync were cut off: counted as lost, and never delivered after all
            assertEquals(List.of(11L), seqs(drain(outbox)));
        }
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            assertEquals(5, outbox.stats().drops().get(DropReason.IO_ERROR), "persisted");
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 11L), seqs(drain(outbox)), "after reopen too");
        }
    }
}
