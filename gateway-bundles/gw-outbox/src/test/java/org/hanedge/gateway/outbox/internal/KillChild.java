package org.hanedge.gateway.outbox.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.hanedge.gateway.api.outbox.Payload;
import org.hanedge.gateway.api.outbox.Priority;

/**
 * Child JVM for {@link KillNineTest}: appends forever and prints "priority first last" after every append returned.
 * Args: outbox directory, random seed, first payload number.
 */
public final class KillChild {
    public static void main(String[] args) throws Exception {
        FileOutbox outbox = new FileOutbox(FileOutbox.Settings.defaults(Path.of(args[0]))
                .withCommitDelay(Duration.ofMillis(20)).withSegmentBytes(16 * 1024));
        Random random = new Random(Long.parseLong(args[1]));
        long n = Long.parseLong(args[2]);
        System.out.println("ready");
        System.out.flush();
        while (true) {
            Priority p = random.nextInt(10) == 0 ? Priority.ALARM : Priority.TELEMETRY;
            int count = 1 + random.nextInt(10);
            List<Payload> batch = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                batch.add(Fixtures.reading(n++));
            }
            outbox.append(p, batch); // returned: the entries are in the OS page cache
            long last = outbox.stats().lastSeq(); // single appender: the batch's last sequence number
            System.out.println(p + " " + (last - count + 1) + " " + last);
            System.out.flush();
        }
    }
}
