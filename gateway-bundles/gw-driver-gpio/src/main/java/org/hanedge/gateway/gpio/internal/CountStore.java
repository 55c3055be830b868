package org.hanedge.gateway.gpio.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Durable pulse totals of one device: a small properties file {@code <dir>/<deviceId>.counts} with one
 * {@code <channel>=<pulses>} line per counter. Written whole to a temporary file, fsynced, renamed atomically over the
 * old one, then the directory is fsynced: after a crash or power cut the file holds either the previous or the new
 * totals, never a torn mix.
 */
final class CountStore {
    private static final Logger LOG = LoggerFactory.getLogger(CountStore.class);

    private final Path file;
    private final Path temp;

    CountStore(Path dir, String deviceId) {
        String safe = deviceId.replaceAll("[^A-Za-z0-9._-]", "_");
        this.file = dir.resolve(safe + ".counts");
        this.temp = dir.resolve("." + safe + ".counts.tmp");
    }

    Path file() {
        return file;
    }

    /** The persisted totals; empty if there is no file yet. An unreadable file is logged and treated as empty. */
    Map<String, Long> load() {
        Map<String, Long> totals = new TreeMap<>();
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return totals;
        } catch (IOException e) {
            LOG.error("pulse totals {} unreadable, counting from 0: {}", file, e.toString());
            return totals;
        }
        for (String name : p.stringPropertyNames()) {
            try {
                totals.put(name, Long.parseLong(p.getProperty(name).trim()));
            } catch (NumberFormatException e) {
                LOG.error("pulse totals {}: bad value for {}: '{}'", file, name, p.getProperty(name));
            }
        }
        return totals;
    }

    /** Replaces the persisted totals atomically and durably. */
    void save(Map<String, Long> totals) {
        StringBuilder text = new StringBuilder("# HanEdge GPIO pulse totals (pulses since first start)\n");
        new TreeMap<>(totals).forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        byte[] bytes = text.toString().getBytes(StandardCharsets.ISO_8859_1); // channel names are [a-z0-9_]
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write pulse totals " + file, e);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // not possible on every file system / OS; the rename itself is atomic
        }
    }

}
