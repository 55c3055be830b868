package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The demo's data directory: marked by {@code .hanedge-demo}, so {@code --fresh} deletes only one the demo made. */
final class DataDir {
    static final String MARKER = ".hanedge-demo";

    private DataDir() {
    }

    /** Creates the directory and its parts; with {@code fresh}, empties it first (only if it is a demo's). */
    static void prepare(Path dir, boolean fresh) throws IOException, DemoUsageException {
        Files.createDirectories(dir);
        if (fresh) {
            boolean empty;
            try (Stream<Path> s = Files.list(dir)) {
                empty = s.findAny().isEmpty();
            }
            if (!empty && !Files.exists(dir.resolve(MARKER))) {
                throw new DemoUsageException("--fresh: " + dir + " is not a demo data directory (no " + MARKER
                        + "); not deleting it");
            }
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        for (String d : new String[] {"logs", "pty", "sites", "gateways", "ctl"}) {
            Files.createDirectories(dir.resolve(d));
        }
        if (!Files.exists(dir.resolve(MARKER))) {
            Files.createFile(dir.resolve(MARKER));
        }
    }
}
