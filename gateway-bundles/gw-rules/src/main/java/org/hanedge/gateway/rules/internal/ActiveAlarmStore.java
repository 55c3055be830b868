package org.hanedge.gateway.rules.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ids of the active alarms, one per line, in a file of the bundle's data area: written whole to a temporary
 * file and renamed over the old one after every raise or clear, read at start.
 */
final class ActiveAlarmStore {
    private final Path file;

    ActiveAlarmStore(Path file) {
        this.file = file;
    }

    Set<String> load() throws IOException {
        Set<String> ids = new TreeSet<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    ids.add(line.trim());
                }
            }
        }
        return ids;
    }

    void save(Set<String> ids) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.write(tmp, new TreeSet<>(ids), StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
