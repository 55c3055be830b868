package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a short-lived tool (the technician's tool) to its end, output to a log; its first line is its summary. */
final class ToolRun {
    private ToolRun() {
    }

    /** Runs {@code command}; returns the log's first line. @throws DemoFailure {@code what} failed, with the log */
    static String run(List<String> command, Path log, Duration atMost, String what) throws DemoFailure {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(atMost.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new DemoFailure(what + " did not finish within " + atMost.toSeconds() + " s", log);
            }
            if (p.exitValue() != 0) {
                throw new DemoFailure(what + " failed", log);
            }
            List<String> lines = Files.readAllLines(log);
            return lines.isEmpty() ? "" : lines.get(0);
        } catch (IOException e) {
            throw new DemoFailure(what + ": " + e.getMessage(), log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailure(what + ": interrupted");
        }
    }
}
