package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * Starts the demo's processes, each with its output in a log file, and stops them in order: every child but the
 * last ones (the fleet server) first, then those. A stop sends SIGTERM to a child and to every process below it
 * (found through {@link ProcessHandle#descendants()} before the signal, so a socat that a simulator started is not
 * orphaned), waits up to the grace period, then kills what is left.
 *
 * <p>With {@code ownSessions}, each child runs under {@code setsid}, in a session of its own, so a Ctrl-C in the
 * terminal reaches only the demo, which then stops the children in order.
 */
public final class ProcessSupervisor {
    private final List<Child> children = new ArrayList<>();
    private final boolean ownSessions;
    private final Consumer<String> warn;
    private volatile boolean stopping;

    public ProcessSupervisor(boolean ownSessions, Consumer<String> warn) {
        this.ownSessions = ownSessions;
        this.warn = warn;
    }

    /** Whether {@code setsid} is on the PATH (util-linux): children can run in sessions of their own. */
    public static boolean setsidAvailable() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (java.nio.file.Files.isExecutable(Path.of(dir, "setsid"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Starts a child, output and errors to {@code log}.
     *
     * @param controlled keep the child's stdin open as its control line (else it reads end of file at once)
     * @param last stop it after every other child
     */
    public synchronized Child start(String name, List<String> command, Path log, Map<String, String> env,
            boolean controlled, boolean last) throws DemoFailure {
        if (stopping) {
            throw new DemoFailure("stopping: " + name + " not started");
        }
        List<String> cmd = new ArrayList<>();
        if (ownSessions) {
            cmd.add("setsid");
        }
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
            if (!controlled) {
                p.getOutputStream().close();
            }
        } catch (IOException e) {
            throw new DemoFailure("cannot start " + name + " (" + command.get(0) + "): " + e.getMessage());
        }
        Child c = new Child(name, p, log, last, controlled);
        children.add(c);
        return c;
    }

    public synchronized List<Child> children() {
        return List.copyOf(children);
    }

    public boolean stopping() {
        return stopping;
    }

    /** The first child that has exited, unless a stop is under way (then children exit on purpose). */
    public synchronized Optional<Child> firstExited() {
        if (stopping) {
            return Optional.empty();
        }
        return children.stream().filter(c -> !c.process().isAlive()).findFirst();
    }

    /**
     * Stops every child: all but the last ones within {@code grace}, then the last ones within {@code lastGrace}.
     * Returns how many were stopped. Idempotent.
     */
    public int stopAll(Duration grace, Duration lastGrace) {
        List<Child> first;
        List<Child> last;
        synchronized (this) {
            if (stopping) {
                return 0;
            }
            stopping = true;
            first = children.stream().filter(c -> !c.stopsLast()).toList();
            last = children.stream().filter(Child::stopsLast).toList();
        }
        stop(first, grace);
        stop(last, lastGrace);
        return first.size() + last.size();
    }

    private void stop(List<Child> group, Duration grace) {
        if (group.isEmpty()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>();
        for (Child c : group) {
            all.add(c.process().toHandle());
            c.process().descendants().forEach(all::add);
        }
        all.forEach(ProcessHandle::destroy);
        if (!awaitExit(all, grace)) {
            for (ProcessHandle h : all) {
                if (h.isAlive()) {
                    warn.accept("process " + h.pid() + " (" + nameOf(group, h) + ") did not stop within "
                            + grace.toSeconds() + "s: killed");
                    h.destroyForcibly();
                }
            }
            awaitExit(all, Duration.ofSeconds(10));
        }
    }

    private static String nameOf(List<Child> group, ProcessHandle h) {
        return group.stream().filter(c -> c.process().pid() == h.pid()).map(Child::name).findFirst()
                .orElse(h.info().command().orElse("a child's child"));
    }

    private static boolean awaitExit(List<ProcessHandle> handles, Duration atMost) {
        try {
            CompletableFuture.allOf(handles.stream().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new))
                    .get(atMost.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return handles.stream().noneMatch(ProcessHandle::isAlive);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
