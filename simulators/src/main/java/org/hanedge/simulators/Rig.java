package org.hanedge.simulators;

import java.io.PrintStream;
import java.util.List;

/**
 * Where the start-up of a simulator side puts what it started: the closeables (closed in list order on shutdown),
 * the lines it prints and the gateway site-config {@code devices:} entries.
 */
final class Rig {

    private final List<AutoCloseable> resources;
    private final List<String> snippet;
    private final PrintStream out;
    private final PrintStream err;

    Rig(List<AutoCloseable> resources, List<String> snippet, PrintStream out, PrintStream err) {
        this.resources = resources;
        this.snippet = snippet;
        this.out = out;
        this.err = err;
    }

    /** Closes {@code c} after everything registered so far. */
    void closeLast(AutoCloseable c) {
        resources.add(c);
    }

    /** Closes {@code c} before everything registered so far. */
    void closeFirst(AutoCloseable c) {
        resources.add(0, c);
    }

    void print(String line) {
        out.println(line);
    }

    void warn(String line) {
        err.println(line);
    }

    /** Adds a site-config device entry (without id and profile). */
    void device(String entry) {
        snippet.add(entry);
    }
}
