package org.hanedge.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A scenario's events: to the terminal with the local time, and one line each, with the UTC time, appended to
 * {@code DATA/scenario.log} ({@code 2026-11-27T08:05:47.120Z outage-cut district="Hai Chau" ...}), which test rigs
 * follow.
 */
public final class EventLog {
    static final DateTimeFormatter UTC_MILLIS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path file;
    private final Console console;
    private final Clock clock;

    public EventLog(Path file, Console console, Clock clock) {
        this.file = file;
        this.console = console;
        this.clock = clock;
    }

    /** The scenario.log line of an event at the clock's time. */
    public String line(String what) {
        return UTC_MILLIS.format(clock.instant()) + " " + what;
    }

    /** Appends the event to scenario.log and prints it. */
    public void event(String what) {
        try {
            Files.writeString(file, line(what) + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
        console.timed(what);
    }
}
