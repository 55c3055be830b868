package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The memory of command ids: repeats, conflicts, the bounds, and the file across restarts and damage. */
class RecentCommandsTest {
    static final String REQ = "[\"ps-io\",\"pump1_run\",true]";
    final AtomicLong now = new AtomicLong(1_800_000_000_000L);
    @TempDir
    Path dir;

    RecentCommands memory(Path file, int max) {
        return new RecentCommands(file, max, Duration.ofHours(24), now::get);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static byte[] answer(RecentCommands.Claim c) {
        return assertInstanceOf(RecentCommands.Repeat.class, c).response().getNow(null);
    }

    @Test
    void aNewIdRunsARepeatGetsTheFirstResponseAnotherRequestConflicts() {
        RecentCommands m = memory(null, 10);
        assertInstanceOf(RecentCommands.Run.class, m.claim("a", REQ));
        // a repeat while the first still runs is answered when it ends
        CompletableFuture<byte[]> waiting = assertInstanceOf(RecentCommands.Repeat.class, m.claim("a", REQ))
                .response();
        assertFalse(waiting.isDone());
        m.complete("a", utf8("{\"status\":\"DONE\"}"));
        assertArrayEquals(utf8("{\"status\":\"DONE\"}"), waiting.getNow(null));
        assertArrayEquals(utf8("{\"status\":\"DONE\"}"), answer(m.claim("a", REQ)));

        RecentCommands.Conflict c = assertInstanceOf(RecentCommands.Conflict.class,
                m.claim("a", "[\"ps-io\",\"pump2_run\",true]"));
        assertEquals(REQ, c.previous());
        assertInstanceOf(RecentCommands.Run.class, m.claim("b", REQ), "another id runs again");
    }

    @Test
    void atMostMaxIdsEachAtMost24Hours() {
        RecentCommands m = memory(null, 3);
        for (String id : new String[] {"1", "2", "3", "4"}) {
            m.claim(id, REQ);
            m.complete(id, utf8(id));
            now.addAndGet(1000);
        }
        assertEquals(3, m.size());
        assertInstanceOf(RecentCommands.Run.class, m.claim("1", REQ), "the oldest was forgotten");
        assertArrayEquals(utf8("4"), answer(m.claim("4", REQ)));
        now.addAndGet(Duration.ofHours(24).toMillis() - 2500); // "2" (at t0 + 1 s) is now older than 24 h, "3" not
        assertInstanceOf(RecentCommands.Run.class, m.claim("2", REQ));
        assertArrayEquals(utf8("3"), answer(m.claim("3", REQ)));
    }

    @Test
    void theFileKeepsTheResponsesAcrossRestartsAndSkipsADamagedLine() throws Exception {
        Path file = dir.resolve("data/command-ids");
        RecentCommands first = memory(file, 10);
        first.claim("x-1", REQ);
        String response = "{\"status\":\"REFUSED_INTERLOCK\",\"reason\":\"wet_well_level is 0.3 m\\n\",\"id\":\"x-1\"}";
        first.complete("x-1", utf8(response));
        first.claim("x-2", REQ);
        first.complete("x-2", utf8("{\"status\":\"DONE\"}"));
        // a crash in the middle of an append
        Files.writeString(file, Files.readString(file) + "{\"time\":1,\"id\":\"x-3\",\"req", StandardCharsets.UTF_8);

        RecentCommands second = memory(file, 10);
        assertEquals(2, second.size());
        assertArrayEquals(utf8(response), answer(second.claim("x-1", REQ)), "the same bytes after a restart");
        assertInstanceOf(RecentCommands.Conflict.class, second.claim("x-2", "[\"ps-io\",\"pump1_run\",false]"));
        assertInstanceOf(RecentCommands.Run.class, second.claim("x-3", REQ));
        assertEquals(2, Files.readAllLines(file).size(), "rewritten at start without the damaged line");

        // expired ones are not loaded
        now.addAndGet(Duration.ofHours(25).toMillis());
        assertEquals(0, memory(file, 10).size());
    }

    @Test
    void theFileIsCompactedWhenItHoldsTwiceTheBound() throws Exception {
        Path file = dir.resolve("command-ids");
        RecentCommands m = memory(file, 5);
        for (int i = 0; i < 23; i++) {
            m.claim("id-" + i, REQ);
            m.complete("id-" + i, utf8("{\"n\":" + i + "}"));
        }
        assertTrue(Files.readAllLines(file).size() <= 10, Files.readAllLines(file).toString());
        RecentCommands again = memory(file, 5);
        assertEquals(5, again.size());
        assertArrayEquals(utf8("{\"n\":22}"), answer(again.claim("id-22", REQ)));
        assertArrayEquals(utf8("{\"n\":18}"), answer(again.claim("id-18", REQ)));
        assertInstanceOf(RecentCommands.Run.class, again.claim("id-17", REQ));
    }

    @Test
    void aFileThatCannotBeWrittenLeavesTheMemoryWorking() throws Exception {
        Path blocker = dir.resolve("not-a-directory");
        Files.writeString(blocker, "x");
        RecentCommands m = memory(blocker.resolve("command-ids"), 10);
        m.claim("a", REQ);
        m.complete("a", utf8("{}"));
        assertArrayEquals(utf8("{}"), answer(m.claim("a", REQ)));
    }
}
