package org.hanedge.simulators;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a small text file atomically (a temporary file beside it, then a move), so a supervisor that waits for the
 * file never reads half of it: the simulators' readiness files ({@code --devices-out}, {@code --address-file}).
 */
public final class AtomicFile {
    private AtomicFile() {
    }

    /** Writes {@code text} (UTF-8) to {@code file}, creating its directory. */
    public static void write(Path file, String text) throws IOException {
        Path target = file.toAbsolutePath();
        Files.createDirectories(target.getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
