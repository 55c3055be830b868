package org.hanedge.fleet.profile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
 * The device profiles the server knows (the same YAML files the gateways run, loaded with the gateway's own
 * loader). Telemetry is checked against them and the UI labels from them. A broken file is reported and skipped.
 */
@Component
public class ProfileCatalog {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileCatalog.class);

    private final Map<String, DeviceProfile> profiles;

    @Autowired
    public ProfileCatalog(FleetProperties properties) {
        this.profiles = load(properties.profilesDir());
    }

    private ProfileCatalog(Map<String, DeviceProfile> profiles) {
        this.profiles = profiles;
    }

    /** A catalog of the given profiles (tests). */
    public static ProfileCatalog of(Collection<DeviceProfile> profiles) {
        Map<String, DeviceProfile> m = new TreeMap<>();
        profiles.forEach(p -> m.put(p.id(), p));
        return new ProfileCatalog(Map.copyOf(m));
    }

    public Optional<DeviceProfile> profile(String id) {
        return id == null ? Optional.empty() : Optional.ofNullable(profiles.get(id));
    }

    public List<DeviceProfile> all() {
        return List.copyOf(new TreeMap<>(profiles).values());
    }

    private static Map<String, DeviceProfile> load(Path dir) {
        Map<String, DeviceProfile> m = new TreeMap<>();
        if (!Files.isDirectory(dir)) {
            LOG.warn("profiles directory {} does not exist: telemetry cannot be checked against profiles", dir.toAbsolutePath());
            return Map.of();
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
        return Map.copyOf(m);
    }
}
