package org.hanedge.simulators.fleet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileException;
import org.hanedge.gateway.profile.ProfileLoader;

/** Loads the device profiles a fleet needs from {@code DIR/<id>.yaml}, with one-line errors. */
final class ProfileDirectory {
    private ProfileDirectory() {
    }

    static Map<String, DeviceProfile> load(Path dir, Collection<String> ids) throws FleetConfigException {
        if (!Files.isDirectory(dir)) {
            throw new FleetConfigException("profile directory " + dir + " not found");
        }
        Map<String, DeviceProfile> out = new LinkedHashMap<>();
        for (String id : new TreeSet<>(ids)) {
            Path file = dir.resolve(id + ".yaml");
            if (!Files.isRegularFile(file)) {
                throw new FleetConfigException("unknown profile '" + id + "': no " + file + " (available: "
                        + String.join(", ", available(dir)) + ")");
            }
            try {
                out.put(id, ProfileLoader.load(file));
            } catch (ProfileException e) {
                throw new FleetConfigException("profile " + file + " is invalid: " + firstLine(e.getMessage()));
            }
        }
        return out;
    }

    private static TreeSet<String> available(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                    .map(n -> n.substring(0, n.length() - 5)).collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            return new TreeSet<>();
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl) + " ...";
    }
}
