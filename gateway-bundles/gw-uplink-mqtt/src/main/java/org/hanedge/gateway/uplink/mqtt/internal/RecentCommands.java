package org.hanedge.gateway.uplink.mqtt.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.LongSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The command ids the gateway has run recently and the response it gave to each, so a redelivered command (same
 * {@code id}) is answered with the same response and not run again (docs/uplink.md, "Command ids"). At most
 * {@code max} ids (default 1,000), each kept at most {@code maxAge} (default 24 h) after its response.
 *
 * <p>With a file, every response is appended to it as one JSON line ({@code {"time":..,"id":..,"request":..,
 * "response":".."}}) and fsynced before the response is published, so the memory survives a restart or a crash;
 * the file is rewritten (temporary file, fsync, atomic rename) at start and when it holds twice {@code max} lines.
 * A damaged line (a crash in the middle of an append) is skipped with a WARN. A file that cannot be written costs
 * only the persistence (WARN); the memory still works.
 *
 * <p>Thread-safe; the file is written under the lock (commands are rare).
 */
final class RecentCommands {
    private static final Logger LOG = LoggerFactory.getLogger(Sender.class);
    static final int DEFAULT_MAX = 1000;
    static final Duration DEFAULT_MAX_AGE = Duration.ofHours(24);
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** What to do with a command id. */
    sealed interface Claim permits Run, Repeat, Conflict {
    }

    /** A new id: run the command, then {@link #complete} it with its response. */
    record Run() implements Claim {
    }

    /** Seen before with the same request: answer with this response (complete now, or when the first run ends). */
    record Repeat(CompletableFuture<byte[]> response) implements Claim {
    }

    /** Seen before with another request ({@code previous}): refuse, run nothing. */
    record Conflict(String previous) implements Claim {
    }

    private record Done(long time, String request, byte[] response) {
    }

    private record Running(String request, CompletableFuture<byte[]> response) {
    }

    private static final Run RUN = new Run();

    private final Path file; // null: memory only
    private final int max;
    private final long maxAgeMillis;
    private final LongSupplier clock;
    private final LinkedHashMap<String, Done> done = new LinkedHashMap<>(); // in the order of completion
    private final Map<String, Running> running = new HashMap<>();
    private int linesInFile;
    private boolean fileBroken;

    RecentCommands(Path file, int max, Duration maxAge, LongSupplier clock) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be >= 1, got " + max);
        }
        this.file = file;
        this.max = max;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
        if (file != null) {
            load();
        }
    }

    /** Kept in the file {@code file} (created when missing), default bounds, the system clock. */
    static RecentCommands persistent(Path file) {
        return new RecentCommands(file, DEFAULT_MAX, DEFAULT_MAX_AGE, System::currentTimeMillis);
    }

    /** Memory only (lost with the uplink), default bounds, the system clock. */
    static RecentCommands inMemory() {
        return new RecentCommands(null, DEFAULT_MAX, DEFAULT_MAX_AGE, System::currentTimeMillis);
    }

    /**
     * Claims an id for a request ({@code request}: a canonical text of what the command does, e.g. device,
     * channel and value).
     */
    synchronized Claim claim(String id, String request) {
        prune();
        Done d = done.get(id);
        if (d != null) {
            return d.request().equals(request) ? new Repeat(CompletableFuture.completedFuture(d.response()))
                    : new Conflict(d.request());
        }
        Running r = running.get(id);
        if (r != null) {
            return r.request().equals(request) ? new Repeat(r.response()) : new Conflict(r.request());
        }
        running.put(id, new Running(request, new CompletableFuture<>()));
        return RUN;
    }

    /**
     * Records the response of a run (in the file, fsynced, when there is one) and hands it to the repeats that
     * arrived meanwhile. Call before publishing the response. Ignored for an id that was not claimed to run.
     */
    void complete(String id, byte[] response) {
        Running r;
        synchronized (this) {
            r = running.remove(id);
            if (r == null) {
                return;
            }
            long now = clock.getAsLong();
            done.remove(id);
            done.put(id, new Done(now, r.request(), response));
            prune();
            append(id, done.get(id));
        }
        r.response().complete(response);
    }

    /** Ids remembered (responses recorded), for tests and status. */
    synchronized int size() {
        return done.size();
    }

    private void prune() {
        long oldest = clock.getAsLong() - maxAgeMillis;
        Iterator<Done> it = done.values().iterator();
        while (it.hasNext()) {
            Done d = it.next();
            if (done.size() > max || d.time() < oldest) {
                it.remove();
            } else {
                break;
            }
        }
    }

    // ---- the file ----------------------------------------------------------------------------------------------

    private void load() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            lines = List.of();
        } catch (IOException e) {
            LOG.warn("uplink: command ids {} unreadable ({}); starting with none remembered", file, e.toString());
            lines = List.of();
        }
        int damaged = 0;
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode n = MAPPER.readTree(line);
                String id = n.get("id").textValue();
                String request = n.get("request").textValue();
                String response = n.get("response").textValue();
                if (id == null || request == null || response == null || !n.get("time").canConvertToLong()) {
                    throw new IOException("field missing");
                }
                done.remove(id);
                done.put(id, new Done(n.get("time").longValue(), request, response.getBytes(StandardCharsets.UTF_8)));
            } catch (IOException | RuntimeException e) {
                damaged++;
            }
        }
        if (damaged > 0) {
            LOG.warn("uplink: {} damaged line(s) of the command ids {} skipped", damaged, file);
        }
        prune();
        rewrite();
    }

    private static String line(String id, Done d) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("time", d.time());
        n.put("id", id);
        n.put("request", d.request());
        n.put("response", new String(d.response(), StandardCharsets.UTF_8));
        return n.toString() + "\n";
    }

    private void append(String id, Done d) {
        if (file == null) {
            return;
        }
        if (linesInFile + 1 > 2 * max) {
            rewrite();
            return;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line(id, d).getBytes(StandardCharsets.UTF_8));
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(false);
            linesInFile++;
            fileBroken = false;
        } catch (IOException e) {
            broken(e);
        }
    }

    /** The remembered ids as the whole file: a temporary file, fsync, atomic rename, fsync of the directory. */
    private void rewrite() {
        StringBuilder sb = new StringBuilder();
        done.forEach((id, d) -> sb.append(line(id, d)));
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer b = ByteBuffer.wrap(sb.toString().getBytes(StandardCharsets.UTF_8));
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            try (FileChannel dir = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
                dir.force(true);
            } catch (IOException e) {
                // some file systems cannot sync a directory; the rename is still atomic
            }
            linesInFile = done.size();
            fileBroken = false;
        } catch (IOException e) {
            broken(e);
        }
    }

    private void broken(IOException e) {
        if (!fileBroken) {
            LOG.warn("uplink: command ids {} not written ({}); remembered in memory only until it works again", file,
                    e.toString());
        }
        fileBroken = true;
    }
}
