package org.hanedge.demo;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;

/**
 * The demo's terminal: every line starts with {@code hanedge demo: }; steps, indented details, events with the local
 * time, and a progress line that rewrites itself on a terminal.
 */
public final class Console {
    static final String PREFIX = "hanedge demo: ";
    static final String INDENT = PREFIX + "      ";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final PrintStream out;
    private final boolean tty;
    private boolean progressOpen;

    public Console(PrintStream out, boolean tty) {
        this.out = out;
        this.tty = tty;
    }

    /** {@code hanedge demo: [n/5] text} */
    public synchronized void step(int n, String text) {
        line(PREFIX + "[" + n + "/5] " + text);
    }

    /** {@code hanedge demo:       text} */
    public synchronized void detail(String text) {
        line(INDENT + text);
    }

    /** {@code hanedge demo:            text}: a scenario's progress, under its events. */
    public synchronized void note(String text) {
        line(PREFIX + "           " + text);
    }

    /** {@code hanedge demo: text} */
    public synchronized void say(String text) {
        line(PREFIX + text);
    }

    /** {@code hanedge demo: [HH:mm:ss] text} */
    public synchronized void timed(String text) {
        line(PREFIX + "[" + LocalTime.now().format(CLOCK) + "] " + text);
    }

    /** A line printed as is (the ready summary). */
    public synchronized void raw(String text) {
        line(text);
    }

    /** A progress detail: rewritten in place on a terminal, one line each otherwise. */
    public synchronized void progress(String text) {
        if (tty) {
            out.print("\r" + INDENT + text + " ");
            out.flush();
            progressOpen = true;
        } else {
            detail(text);
        }
    }

    private void line(String s) {
        if (progressOpen) {
            out.println();
            progressOpen = false;
        }
        out.println(s);
        out.flush();
    }
}
