package org.hanedge.gateway.profile.internal;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileException;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.gateway.profile.ProfileProblem;

/**
 * The reload decisions for one profile directory, without OSGi: each {@link #scan()} compares the {@code *.yaml}
 * files with what it saw last time and says which profiles were added, updated, removed, and which changed files
 * were refused. A refused file leaves the last good profile of that file in place. A file is reported once per
 * change of its content (compared by SHA-256), so a broken file is not reported again on every scan.
 */
final class ProfileCatalog {
    /** What one scan found. */
    record Changes(List<Addition> added, List<Update> updated, List<Removal> removed, List<Refusal> refused) {
        Changes {
            added = List.copyOf(added);
            updated = List.copyOf(updated);
            removed = List.copyOf(removed);
            refused = List.copyOf(refused);
        }

        boolean isEmpty() {
            return added.isEmpty() && updated.isEmpty() && removed.isEmpty() && refused.isEmpty();
        }
    }

    /** A file seen valid for the first time (new, or valid after only failing before). */
    record Addition(Path file, DeviceProfile profile) {
    }

    /** A file that validated again with different content: {@code previous} is replaced by {@code current}. */
    record Update(Path file, DeviceProfile previous, DeviceProfile current) {
    }

    record Removal(Path file, DeviceProfile profile) {
    }

    /**
     * A changed (or new) file that failed validation.
     *
     * @param stillActive the last good profile of this file, which stays in service; {@code null} if there is none
     */
    record Refusal(Path file, ProfileException error, DeviceProfile stillActive) {
    }

    private record Known(byte[] digest, DeviceProfile good) {
    }

    private final Path directory;
    private final Map<Path, Known> known = new HashMap<>();

    ProfileCatalog(Path directory) {
        this.directory = directory;
    }

    Path directory() {
        return directory;
    }

    /** The profiles currently in service, by file. */
    synchronized Map<Path, DeviceProfile> active() {
        Map<Path, DeviceProfile> active = new TreeMap<>();
        known.forEach((file, k) -> {
            if (k.good != null) {
                active.put(file, k.good);
            }
        });
        return active;
    }

    /**
     * Compares the directory with the last scan.
     *
     * @throws IOException when the directory cannot be listed; nothing changes then, so a missing or unmounted
     *                     directory does not take the running profiles away
     */
    synchronized Changes scan() throws IOException {
        Map<Path, byte[]> files = new TreeMap<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(directory, "*.yaml")) {
            for (Path file : stream) {
                String name = file.getFileName().toString();
                if (name.startsWith(".") || !Files.isRegularFile(file)) {
                    continue; // editor swap and temp files
                }
                try {
                    files.put(file, digest(Files.readAllBytes(file)));
                } catch (IOException e) {
                    files.put(file, new byte[0]); // unreadable: the load below reports it, once
                }
            }
        }
        List<Addition> added = new ArrayList<>();
        List<Update> updated = new ArrayList<>();
        List<Removal> removed = new ArrayList<>();
        List<Refusal> refused = new ArrayList<>();

        for (Map.Entry<Path, byte[]> e : files.entrySet()) {
            Path file = e.getKey();
            byte[] digest = e.getValue();
            Known before = known.get(file);
            if (before != null && Arrays.equals(before.digest, digest)) {
                continue;
            }
            DeviceProfile previous = before == null ? null : before.good;
            try {
                DeviceProfile profile = ProfileLoader.load(file);
                known.put(file, new Known(digest, profile));
                if (previous == null) {
                    added.add(new Addition(file, profile));
                } else if (!previous.equals(profile)) {
                    updated.add(new Update(file, previous, profile));
                }
            } catch (ProfileException ex) {
                known.put(file, new Known(digest, previous));
                refused.add(new Refusal(file, ex, previous));
            }
        }
        for (Path file : new ArrayList<>(known.keySet())) {
            if (!files.containsKey(file)) {
                Known gone = known.remove(file);
                if (gone.good != null) {
                    removed.add(new Removal(file, gone.good));
                }
            }
        }
        return new Changes(added, updated, removed, refused);
    }

    private static byte[] digest(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            return content; // every JRE has SHA-256; fall back to comparing the content itself
        }
    }

    /** For messages: a problem list without the leading file name (the log line names the path). */
    static String describe(ProfileException e) {
        StringBuilder b = new StringBuilder();
        for (ProfileProblem p : e.problems()) {
            b.append("\n  ").append(p);
        }
        return b.toString();
    }
}
