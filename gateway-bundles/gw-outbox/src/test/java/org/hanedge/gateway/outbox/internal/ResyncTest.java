package org.hanedge.gateway.outbox.internal;

import static org.hanedge.gateway.outbox.internal.Fixtures.drain;
import static org.hanedge.gateway.outbox.internal.Fixtures.readings;
import static org.hanedge.gateway.outbox.internal.Fixtures.seqs;
import static org.hanedge.gateway.outbox.internal.Fixtures.settings;
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
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.hanedge.gateway.api.outbox.DropReason;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged record costs that record only: the intact records behind it are kept and delivered. */
class ResyncTest {
    @TempDir
    Path dir;

    @Test
    void oneDamagedByteAtStartCostsOneRecordNotTheRestOfTheSegment() throws Exception {
        List<Payload> sent = readings(0, 2000);
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            outbox.append(Priority.TELEMETRY, sent).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Path seg = onlySegment();
        List<long[]> frames = frames(seg);
        long[] victim = frames.get(300); // 1,700 intact records behind it
        flip(seg, victim[0] + 20); // a payload byte: the CRC fails

        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            assertEquals(1, outbox.stats().drops().get(DropReason.CORRUPT));
            List<OutboxEntry> got = drain(outbox);
            assertEquals(1999, got.size());
            List<Payload> expected = new ArrayList<>(sent);
            expected.remove(300);
            assertEquals(expected, got.stream().map(OutboxEntry::payload).toList());
            assertTrue(!seqs(got).contains(victim[2]), "the damaged record is gone");
            outbox.acknowledge(seqs(got));
        }
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            assertEquals(1, outbox.stats().drops().get(DropReason.CORRUPT), "the repair was made once");
            assertEquals(0, outbox.stats().totalPending());
        }
    }

    @Test
    void aDamagedLengthFieldAndADamagedHeaderAreSkippedToo() throws Exception {
        List<Payload> sent = readings(0, 500);
        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            outbox.append(Priority.TELEMETRY, sent).toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        Path seg = onlySegment();
        List<long[]> frames = frames(seg);
        flip(seg, frames.get(100)[0]); // the length field: where the next record starts is unknown
        flip(seg, frames.get(200)[0] + 9); // another record's seq
        flip(seg, 2); // the segment header

        try (FileOutbox outbox = new FileOutbox(settings(dir))) {
            assertEquals(2, outbox.stats().drops().get(DropReason.CORRUPT));
            List<Payload> expected = new ArrayList<>(sent);
            expected.remove(200);
            expected.remove(100);
            assertEquals(expected, drain(outbox).stream().map(OutboxEntry::payload).toList());
        }
    }

    @Test
    void damageFoundWhileReadingIsSkippedAndTheRestDelivered() throws Exception {
        List<Payload> sent = readings(0, 1000);
        try (FileOutbox outbox = new FileOutbox(settings(dir).withSegmentBytes(16 * 1024))) {
            for (int i = 0; i < 1000; i += 100) {
                outbox.append(Priority.TELEMETRY, sent.subList(i, i + 100)).toCompletableFuture()
                        .get(10, TimeUnit.SECONDS);
            }
            List<OutboxEntry> first = outbox.take(50, Duration.ZERO);
            // bit rot on the disk after start, ahead of the read cursor: record 60 of the first segment
            Path seg = segments().get(0);
            long[] victim = frames(seg).get(60);
            flip(seg, victim[0] + 18);

            List<OutboxEntry> rest = drain(outbox);
            assertEquals(1, outbox.stats().drops().get(DropReason.CORRUPT));
            List<Payload> expected = new ArrayList<>(sent.subList(50, 1000));
            expected.remove(10);
            assertEquals(expected, rest.stream().map(OutboxEntry::payload).toList());
            outbox.acknowledge(seqs(first));
            outbox.acknowledge(seqs(rest));
            assertEquals(0, outbox.stats().totalPending(), "the damaged segment's count was settled");
        }
    }

    private Path onlySegment() throws IOException {
        List<Path> s = segments();
        assertEquals(1, s.size(), s.toString());
        return s.get(0);
    }

    private List<Path> segments() throws IOException {
        try (Stream<Path> files = Files.list(dir.resolve("TELEMETRY"))) {
            return files.filter(p -> p.toString().endsWith(".seg")).sorted().toList();
        }
    }

    static void flip(Path file, long pos) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            ch.read(one, pos);
            one.put(0, (byte) (one.get(0) ^ 0x5A));
            ch.write(one.rewind(), pos);
        }
    }

    /** The segment's frames as [offset, end, seq], following the length fields from the header. */
    static List<long[]> frames(Path seg) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(seg));
        List<long[]> out = new ArrayList<>();
        int p = RecordFormat.SEGMENT_HEADER;
        while (p + RecordFormat.FRAME_HEADER <= b.limit()) {
            int len = b.getInt(p);
            if (len < 1 || p + RecordFormat.FRAME_HEADER + (long) len > b.limit()) {
                break;
            }
            long end = p + RecordFormat.FRAME_HEADER + (long) len;
            out.add(new long[] {p, end, b.getLong(p + 8)});
            p = (int) end;
        }
        return out;
    }
}
