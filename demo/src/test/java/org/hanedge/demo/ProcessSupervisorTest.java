package org.hanedge.demo;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The supervisor with real short-lived processes (sleep, bash). */
class ProcessSupervisorTest {
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private final ProcessSupervisor supervisor = new ProcessSupervisor(false, warnings::add);
    @TempDir
    Path dir;

    @AfterEach
    void killLeftovers() {
        supervisor.children().forEach(c -> {
            c.process().descendants().forEach(ProcessHandle::destroyForcibly);
            c.process().destroyForcibly();
        });
    }

    private Child start(String name, boolean last, String... command) throws DemoFailure {
        return supervisor.start(name, List.of(command), dir.resolve(name + ".log"), Map.of(), false, last);
    }

    @Test
    void stopsEveryOtherChildBeforeTheLastOnes() throws Exception {
        // the "server" takes a moment to stop on SIGTERM, as the fleet server does
        Child server = start("server", true, "bash", "-c", "trap 'sleep 0.5; exit 0' TERM; sleep 60 & wait; sleep 1");
        Child a = start("a", false, "sleep", "60");
        Child b = start("b", false, "sleep", "60");
        CompletableFuture<Boolean> serverAliveWhenAExited = a.process().onExit().thenApply(p -> server.process().isAlive());
        CompletableFuture<Boolean> serverAliveWhenBExited = b.process().onExit().thenApply(p -> server.process().isAlive());

        assertEquals(3, supervisor.stopAll(Duration.ofSeconds(10), Duration.ofSeconds(10)));

        assertTrue(serverAliveWhenAExited.get(), "the server outlives the other children");
        assertTrue(serverAliveWhenBExited.get());
        assertFalse(server.process().isAlive() || a.process().isAlive() || b.process().isAlive());
        assertEquals(List.of(), warnings, "everything stopped on SIGTERM");
        assertEquals(0, supervisor.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(1)), "a second stop does nothing");
    }

    @Test
    void killsWhatIgnoresSigtermAfterTheGraceAndStopsGrandchildren() throws Exception {
        Path pid = dir.resolve("grandchild.pid");
        Child stubborn = start("stubborn", false, "bash", "-c", "trap '' TERM; while true; do sleep 0.2; done");
        Child parent = start("parent", false, "bash", "-c", "sleep 300 & echo $! > " + pid + "; wait");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.exists(pid) && !Files.readString(pid).isBlank());
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(Files.readString(pid).trim())).orElseThrow();

        long t0 = System.nanoTime();
        supervisor.stopAll(Duration.ofSeconds(1), Duration.ofSeconds(1));
        long took = (System.nanoTime() - t0) / 1_000_000;

        assertFalse(stubborn.process().isAlive(), "killed after the grace period");
        assertFalse(parent.process().isAlive());
        assertFalse(grandchild.isAlive(), "the child's own child is stopped too, not orphaned");
        assertTrue(took >= 1000, "waited the grace period first: " + took + " ms");
        assertTrue(warnings.stream().anyMatch(w -> w.contains("(stubborn) did not stop within 1s: killed")),
                warnings.toString());
    }

    @Test
    void reportsTheFirstChildThatExitsUnlessStopping() throws Exception {
        start("long", false, "sleep", "60");
        Child quick = start("quick", false, "true");
        await().atMost(Duration.ofSeconds(10)).until(() -> supervisor.firstExited().isPresent());
        assertEquals("quick", supervisor.firstExited().orElseThrow().name());
        assertEquals(dir.resolve("quick.log"), quick.log());
        supervisor.stopAll(Duration.ofSeconds(5), Duration.ofSeconds(5));
        assertTrue(supervisor.firstExited().isEmpty(), "children exit on purpose while stopping");
    }

    @Test
    void sendsControlLinesOnStdinAndWritesOutputToTheLog() throws Exception {
        Child echo = supervisor.start("echo", List.of("bash", "-c", "while read l; do echo \"got $l\"; done"),
                dir.resolve("echo.log"), Map.of(), true, false);
        echo.send("sos");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(dir.resolve("echo.log")).contains("got sos"));
        Child deaf = start("deaf", false, "sleep", "60");
        DemoFailure e = org.junit.jupiter.api.Assertions.assertThrows(DemoFailure.class, () -> deaf.send("cut"));
        assertEquals("deaf was started without a control line", e.getMessage());
    }
}
