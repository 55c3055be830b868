package org.hanedge.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** A process the demo started: its name in messages, its log, and (if asked for) its stdin as a control line. */
public final class Child implements ControlLine {
    private final String name;
    private final Process process;
    private final Path log;
    private final boolean last;
    private final OutputStream control;

    Child(String name, Process process, Path log, boolean last, boolean controlled) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.last = last;
        this.control = controlled ? process.getOutputStream() : null;
    }

    public String name() {
        return name;
    }

    public Process process() {
        return process;
    }

    public Path log() {
        return log;
    }

    /** Stopped after every other child (the fleet server). */
    boolean stopsLast() {
        return last;
    }

    /**
     * Sends one command line on the child's stdin (the simulators' control: {@code sos}, {@code cut}, {@code restore}).
     *
     * @throws DemoFailure if the child was started without a control line or no longer reads it
     */
    @Override
    public synchronized void send(String command) throws DemoFailure {
        if (control == null) {
            throw new DemoFailure(name + " was started without a control line");
        }
        try {
            control.write((command + "\n").getBytes(StandardCharsets.UTF_8));
            control.flush();
        } catch (IOException e) {
            throw new DemoFailure("cannot send '" + command + "' to " + name + ": " + e.getMessage(), log);
        }
    }
}
