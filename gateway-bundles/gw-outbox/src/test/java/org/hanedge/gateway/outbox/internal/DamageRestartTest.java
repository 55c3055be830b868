package org.hanedge.gateway.outbox.internal;

import static org.hanedge.gateway.outbox.internal.Fixtures.drain;
import static org.hanedge.gateway.outbox.internal.Fixtures.event;
import static org.hanedge.gateway.outbox.internal.Fixtures.reading;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomised damage and restart: each round opens the outbox, checks what came back, sends (acknowledges) part of
 * it, appends to all three lanes, sends part of that too, takes a crash image of the directory (a copy of the files
 * as a {@code kill -9} leaves them), damages the image in a random way at a random place and opens it in the next
 * round. No sequence number may ever be handed out twice; nothing may come back that was not appended; after a
 * damaged byte only the records hit may be missing. Seed: {@code -Doutbox.damage.seed}, rounds:
 * {@code -Doutbox.damage.rounds}.
 */
class DamageRestartTest {
    enum Damage { TORN_TAIL, FLIP_BYTES, DELETE_SEGMENT, TRUNCATE_SEGMENT, CHECKPOINT, CHECKPOINT_AND_TORN_TAIL }

    private static final Priority[] LANES = Priority.values();

    @TempDir
    Path base;

    private final Map<Long, Payload> assigned = new HashMap<>(); // every number ever handed out
    private final TreeMap<Long, Payload> live = new TreeMap<>(); // appended, not acknowledged, not known lost
    private final Set<Long> recovered = new HashSet<>(); // live entries delivered after a damaged restart
    private long payloadNo;

    @Test
    void noSequenceNumberIsEverReusedWhateverIsDamaged() throws Exception {
        long seed = Long.getLong("outbox.damage.seed", 20261207L);
        int rounds = Integer.getInteger("outbox.damage.rounds", 20);
        Random random = new Random(seed);
        long appended = 0;
        long redelivered = 0;
        long lost = 0;
        long reused = 0;
        long corrupt = 0;
        Map<Damage, Integer> kinds = new TreeMap<>();
        Set<Long> expectLost = Set.of();
        boolean exactLoss = false;
        Path cur = base.resolve("r0");
        for (int round = 0; round < rounds; round++) {
            FileOutbox.Settings s = FileOutbox.Settings.defaults(cur).withCommitDelay(Duration.ofMillis(2))
                    .withSegmentBytes(1024 + random.nextInt(4096)).withMaxBytes(1 << 22);
            Path next = base.resolve("r" + (round + 1));
            try (FileOutbox outbox = new FileOutbox(s)) {
                corrupt = outbox.stats().drops().get(DropReason.CORRUPT);
                List<OutboxEntry> back = drain(outbox);
                Set<Long> backSeqs = new HashSet<>();
                for (OutboxEntry e : back) {
                    assertEquals(assigned.get(e.seq()), e.payload(), "round " + round + ": seq " + e.seq()
                            + " comes back with what was appended under it (seed " + seed + ")");
                    backSeqs.add(e.seq());
                    if (live.containsKey(e.seq())) {
                        recovered.add(e.seq());
                    } else {
                        redelivered++; // acknowledged, but the checkpoint saying so was damaged: at least once
                    }
                }
                Set<Long> missing = new HashSet<>(live.keySet());
                missing.removeAll(backSeqs);
                if (exactLoss) {
                    Set<Long> hitLive = new HashSet<>(expectLost);
                    hitLive.retainAll(live.keySet());
                    assertEquals(hitLive, missing, "round " + round + ": only the records hit are lost (seed "
                            + seed + ")");
                }
                lost += missing.size();
                missing.forEach(live::remove);

                // send part of what came back
                List<Long> ack = new ArrayList<>();
                List<Long> release = new ArrayList<>();
                for (OutboxEntry e : back) {
                    (random.nextInt(3) == 0 ? ack : release).add(e.seq());
                }
                outbox.acknowledge(ack);
                outbox.release(release);
                ack.forEach(live::remove);

                int batches = 3 + random.nextInt(12);
                for (int b = 0; b < batches; b++) {
                    Priority lane = LANES[random.nextInt(LANES.length)];
                    int n = 1 + random.nextInt(30);
                    long fresh = appendDurably(outbox, lane, n);
                    reused += fresh;
                    appended += n;
                    if (random.nextInt(4) == 0) {
                        List<OutboxEntry> sent = outbox.take(random.nextInt(40), Duration.ZERO);
                        outbox.acknowledge(Fixtures.seqs(sent));
                        Fixtures.seqs(sent).forEach(live::remove);
                        // taken but not yet acknowledged entries would come back: none are left in flight
                    }
                }
                // settle: one more durable append lets the committer finish the checkpoints of the acknowledgements
                reused += appendDurably(outbox, Priority.TELEMETRY, 1);
                appended += 1;
                copy(cur, next); // the crash image: the files as they are now, without the checkpoint at close
            }
            Damage d = Damage.values()[random.nextInt(Damage.values().length)];
            kinds.merge(d, 1, Integer::sum);
            expectLost = damage(next, d, random);
            exactLoss = d == Damage.FLIP_BYTES;
            cur = next;
        }
        try (FileOutbox outbox = new FileOutbox(FileOutbox.Settings.defaults(cur))) {
            corrupt = outbox.stats().drops().get(DropReason.CORRUPT);
            for (OutboxEntry e : drain(outbox)) {
                assertEquals(assigned.get(e.seq()), e.payload(), "seq " + e.seq());
                if (live.containsKey(e.seq())) {
                    recovered.add(e.seq());
                }
            }
            reused += appendDurably(outbox, Priority.ALARM, 1);
        }
        System.out.printf("damage and restart (seed %d): rounds %d %s, records appended %d, records recovered %d"
                + " (distinct, delivered after a damaged restart; +%d deliveries of acknowledged ones after"
                + " checkpoint damage), lost %d (CORRUPT counted %d), reused %d%n", seed, rounds, kinds, appended,
                recovered.size(), redelivered, lost, corrupt, reused);
        assertEquals(0, reused, "sequence numbers handed out twice (seed " + seed + ")");
        assertTrue(!recovered.isEmpty() && appended > 0);
    }

    @Test
    void newestCheckpointLostTogetherWithTheRecordsOfItsCommitStillNoReuse() throws Exception {
        Path dir = base.resolve("doubt");
        Path image = base.resolve("doubt-image");
        FileOutbox.Settings s = Fixtures.settings(dir);
        long highest;
        try (FileOutbox outbox = new FileOutbox(s)) {
            appendDurably(outbox, Priority.TELEMETRY, 5); // its commit's checkpoint says 5
            appendDurably(outbox, Priority.TELEMETRY, 5); // the next one says 10
            highest = outbox.stats().lastSeq();
            assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), Fixtures.seqs(drain(outbox)),
                    "all ten were handed out");
            copy(dir, image);
        }
        // the newest checkpoint slot is lost, and so are the five records of its commit
        Path newest = null;
        long gen = -1;
        for (int slot = 0; slot < 2; slot++) {
            Path p = image.resolve("state." + slot);
            long g = CheckpointFormat.parse(ByteBuffer.wrap(Files.readAllBytes(p))).gen();
            if (g > gen) {
                gen = g;
                newest = p;
            }
        }
        Files.delete(newest);
        Path seg = segments(image).get(0);
        truncate(seg, ResyncTest.frames(seg).get(5)[0]);

        try (FileOutbox outbox = new FileOutbox(Fixtures.settings(image))) {
            assertEquals(5, outbox.stats().totalPending());
            long seq = outbox.append(Priority.TELEMETRY, List.of(reading(99))).toCompletableFuture()
                    .get(10, TimeUnit.SECONDS);
            assertTrue(seq > highest, "new number " + seq + " is above every number handed out (" + highest + ")");
        }
    }

    /** Appends {@code n} entries, waits until durable; returns how many of their numbers were handed out before. */
    private long appendDurably(FileOutbox outbox, Priority lane, int n) throws Exception {
        List<Payload> batch = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long no = payloadNo++;
            batch.add(lane == Priority.TELEMETRY ? reading(no) : event(no));
        }
        long last = outbox.append(lane, batch).toCompletableFuture().get(10, TimeUnit.SECONDS);
        long reused = 0;
        for (int i = 0; i < n; i++) {
            long seq = last - n + 1 + i;
            if (assigned.put(seq, batch.get(i)) != null) {
                reused++;
            }
            live.put(seq, batch.get(i));
        }
        return reused;
    }

    /** Damages the crash image; returns the numbers of the records it destroys when that is known exactly. */
    private static Set<Long> damage(Path dir, Damage d, Random random) throws IOException {
        List<Path> segs = segments(dir);
        switch (d) {
            case TORN_TAIL, CHECKPOINT_AND_TORN_TAIL -> {
                Path last = lastOfRandomLane(dir, random);
                if (last != null) {
                    truncate(last, random.nextLong(Files.size(last) + 1));
                }
                if (d == Damage.CHECKPOINT_AND_TORN_TAIL) {
                    damageCheckpoint(dir, random);
                }
            }
            case FLIP_BYTES -> {
                if (segs.isEmpty()) {
                    return Set.of();
                }
                Path seg = segs.get(random.nextInt(segs.size()));
                List<long[]> frames = ResyncTest.frames(seg);
                long size = Files.size(seg);
                long pos = random.nextLong(size);
                Set<Long> hit = new HashSet<>();
                int flips = 1 + random.nextInt(3);
                for (int i = 0; i < flips && pos < size; i++) {
                    ResyncTest.flip(seg, pos);
                    long at = pos;
                    frames.stream().filter(f -> f[0] <= at && at < f[1]).forEach(f -> hit.add(f[2]));
                    pos += 1 + random.nextInt(40);
                }
                return hit;
            }
            case DELETE_SEGMENT -> {
                if (!segs.isEmpty()) {
                    Files.delete(segs.get(random.nextInt(segs.size())));
                }
            }
            case TRUNCATE_SEGMENT -> {
                if (!segs.isEmpty()) {
                    Path seg = segs.get(random.nextInt(segs.size()));
                    truncate(seg, random.nextLong(Files.size(seg) + 1));
                }
            }
            case CHECKPOINT -> damageCheckpoint(dir, random);
            default -> throw new IllegalStateException(d.toString());
        }
        return Set.of();
    }

    /** Flips bytes in one checkpoint slot or deletes it (the newest or the older one, at random). */
    private static void damageCheckpoint(Path dir, Random random) throws IOException {
        Path slot = dir.resolve("state." + random.nextInt(2));
        if (!Files.exists(slot)) {
            return;
        }
        if (random.nextBoolean()) {
            Files.delete(slot);
        } else {
            ResyncTest.flip(slot, random.nextInt(64));
        }
    }

    private static Path lastOfRandomLane(Path dir, Random random) throws IOException {
        List<Path> candidates = new ArrayList<>();
        for (Priority p : LANES) {
            List<Path> lane = segments(dir.resolve(p.name()));
            if (!lane.isEmpty()) {
                candidates.add(lane.get(lane.size() - 1));
            }
        }
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    private static List<Path> segments(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    private static void truncate(Path file, long size) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(size);
        }
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    ByteBuffer content = ByteBuffer.wrap(Files.readAllBytes(p));
                    try (FileChannel ch = FileChannel.open(target, StandardOpenOption.CREATE_NEW,
                            StandardOpenOption.WRITE)) {
                        DiskIo.writeFully(ch, content, 0);
                    }
                }
            }
        }
    }
}
