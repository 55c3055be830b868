package org.hanedge.fleet.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.profile.ProfileException;
import org.hanedge.gateway.profile.ProfileLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The device profiles the server knows: at construction the checkout's YAML files (loaded with the gateway's own
 * loader), then every version of the profile library ({@link ProfileLibrary} adds them at start and on upload).
 * Telemetry is checked against them and the UI labels from them: {@link #profile} and {@link #all} give the newest
 * version of each id (by semantic version), {@link #version} any version. A broken file is reported and skipped.
 * Thread-safe; {@link #generation()} changes whenever a version is added, for callers that cache derived tables.
 */
@Component
public class ProfileCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileCatalog.class);

    /** id -> version -> profile, versions in semantic order. */
    private final Map<String, NavigableMap<String, DeviceProfile>> profiles = new ConcurrentSkipListMap<>();
    private final AtomicLong generation = new AtomicLong();

    @Autowired
    public ProfileCatalog(FleetProperties properties) {
        load(properties.profilesDir()).forEach(this::add);
    }

    private ProfileCatalog() {
    }

    /** A catalog of the given profiles (tests). */
    public static ProfileCatalog of(Collection<DeviceProfile> profiles) {
        ProfileCatalog c = new ProfileCatalog();
        profiles.forEach(c::add);
        return c;
    }

    /** Adds (or replaces) one version of a profile. */
    public void add(DeviceProfile profile) {
        profiles.computeIfAbsent(profile.id(), k -> new ConcurrentSkipListMap<>(SemanticVersion.ORDER))
                .put(profile.version(), profile);
        generation.incrementAndGet();
    }

    /** The newest version of a profile. */
    public Optional<DeviceProfile> profile(String id) {
        NavigableMap<String, DeviceProfile> v = id == null ? null : profiles.get(id);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.lastEntry().getValue());
    }

    /** One version of a profile. */
    public Optional<DeviceProfile> version(String id, String version) {
        NavigableMap<String, DeviceProfile> v = id == null ? null : profiles.get(id);
        return v == null || version == null ? Optional.empty() : Optional.ofNullable(v.get(version));
    }

    /** Every version of a profile, oldest first. */
    public List<String> versions(String id) {
        NavigableMap<String, DeviceProfile> v = id == null ? null : profiles.get(id);
        return v == null ? List.of() : List.copyOf(v.keySet());
    }

    /** The newest version of every profile, by id. */
    public List<DeviceProfile> all() {
        List<DeviceProfile> out = new ArrayList<>();
        profiles.values().forEach(v -> out.add(v.lastEntry().getValue()));
        return List.copyOf(out);
    }

    /** Every version of every profile, by id and then oldest first. */
    public List<DeviceProfile> allVersions() {
        List<DeviceProfile> out = new ArrayList<>();
        profiles.values().forEach(v -> out.addAll(v.values()));
        return List.copyOf(out);
    }

    /** Changes whenever a version is added. */
    public long generation() {
        return generation.get();
    }

    private static List<DeviceProfile> load(Path dir) {
        Map<String, DeviceProfile> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            LOG.warn("profiles directory {} does not exist: telemetry cannot be checked against profiles", dir.toAbsolutePath());
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    DeviceProfile p = ProfileLoader.load(f);
                    m.put(p.id(), p);
                } catch (ProfileException e) {
                    LOG.error("profile {} refused: {}", f, e.getMessage());
                }
            }
        } catch (IOException e) {
            LOG.error("cannot list profiles directory {}: {}", dir, e.toString());
        }
        LOG.info("{} device profiles loaded from {}: {}", m.size(), dir.toAbsolutePath(), m.keySet());
        return List.copyOf(m.values());
    }
}
