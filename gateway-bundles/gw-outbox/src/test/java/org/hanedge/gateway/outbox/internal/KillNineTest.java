package org.hanedge.gateway.outbox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.hanedge.gateway.api.outbox.OutboxEntry;
import org.hanedge.gateway.api.outbox.Priority;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A child JVM appends in a loop and prints every sequence number whose append returned; the test SIGKILLs it at
 * random moments, reopens the outbox and checks that every printed entry is there, once, in order.
 */
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    void everyReturnedAppendSurvivesSigkill() throws Exception {
        Random random = new Random(7L);
        Map<Long, Priority> printed = new HashMap<>();
        long payloadNo = 0;
        for (int round = 0; round < 4; round++) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                    KillChild.class.getName(), dir.toString(), Long.toString(random.nextLong()),
                    Long.toString(payloadNo)).redirectErrorStream(false)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            List<String> lines = new CopyOnWriteArrayList<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(
                        new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (Exception e) {
                    // the child was killed
                }
            });
            reader.start();
            int target = 200 + random.nextInt(3000); // kill after a random number of appends
            Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> lines.size() > target || !child.isAlive());
            assertTrue(child.isAlive(), "child died on its own: " + lines);
            child.destroyForcibly(); // SIGKILL
            child.waitFor(30, TimeUnit.SECONDS);
            reader.join(10_000);
            for (String line : lines) {
                if (line.equals("ready")) {
                    continue;
                }
                String[] f = line.split(" ");
                if (f.length != 3) {
                    continue; // the last line may be cut by the kill
                }
                Priority p = Priority.valueOf(f[0]);
                for (long s = Long.parseLong(f[1]); s <= Long.parseLong(f[2]); s++) {
                    printed.put(s, p);
                }
            }
            payloadNo += 100_000;

            try (FileOutbox outbox = new FileOutbox(Fixtures.settings(dir))) {
                List<OutboxEntry> all = Fixtures.drain(outbox);
                Set<Long> seen = new HashSet<>();
                Map<Priority, Long> lastPerPriority = new HashMap<>();
                Priority lastPriority = Priority.ALARM;
                for (OutboxEntry e : all) {
                    assertTrue(seen.add(e.seq()), "duplicate " + e.seq());
                    assertTrue(e.priority().ordinal() >= lastPriority.ordinal(), "priority order");
                    lastPriority = e.priority();
                    Long prev = lastPerPriority.put(e.priority(), e.seq());
                    assertTrue(prev == null || prev < e.seq(), "order within " + e.priority());
                }
                List<Long> missing = new ArrayList<>();
                for (Map.Entry<Long, Priority> p : printed.entrySet()) {
                    if (!seen.contains(p.getKey())) {
                        missing.add(p.getKey());
                    }
                }
                assertEquals(List.of(), missing, "round " + round + ": returned appends lost");
                for (OutboxEntry e : all) {
                    Priority p = printed.get(e.seq());
                    if (p != null) {
                        assertEquals(p, e.priority());
                    }
                }
                assertTrue(outbox.stats().lastSeq() >= printed.keySet().stream().mapToLong(Long::longValue).max()
                        .orElse(0));
            }
        }
        assertTrue(printed.size() > 800, "enough appends observed: " + printed.size());
    }
}
