package org.hanedge.gateway.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The distribution's own start script, running the gateway in a JVM of its own with its default 64 MB heap. */
public final class GatewayProcess implements AutoCloseable {
    private final Process process;
    private final Path log;

    private GatewayProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts {@code bin/hanedge-gateway}; output is appended to {@code log}. */
    public static GatewayProcess start(Path site, Path data, Path log) throws IOException {
        return start(site, data, log, List.of(), Map.of());
    }

    /**
     * Starts {@code bin/hanedge-gateway} behind a command {@code prefix} (e.g. {@code faketime -f -365d}) with extra
     * environment variables; output is appended to {@code log}.
     */
    public static GatewayProcess start(Path site, Path data, Path log, List<String> prefix, Map<String, String> env)
            throws IOException {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.addAll(List.of(FelixGateway.distribution().resolve("bin/hanedge-gateway").toString(),
                "--config", site.toString(), "--data", data.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        pb.environment().putAll(env);
        return new GatewayProcess(pb.start(), log);
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    /** SIGKILL, as a crash or power cut would stop it: no shutdown hook runs. */
    public void kill9() throws InterruptedException {
        // a prefix such as faketime runs the gateway's JVM as its child: that JVM is the one to kill
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        for (ProcessHandle p : tree) {
            p.onExit().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> p).join();
        }
    }

    /**
     * SIGTERM and wait until the gateway's JVM has exited too (behind a prefix such as faketime the started process
     * may end before the JVM's shutdown has finished writing its data directory); returns the exit status.
     */
    public int terminate() throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new AssertionError("gateway did not stop within 20 s of SIGTERM");
        }
        for (ProcessHandle p : tree) {
            try {
                p.onExit().get(20, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new AssertionError("gateway process " + p.pid() + " did not stop within 20 s of SIGTERM", e);
            }
        }
        return process.exitValue();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
