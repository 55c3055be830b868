package org.hanedge.fleet.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditLog;
import org.hanedge.fleet.config.FleetProperties;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The profile library: every version of every device profile, immutable once stored. At start the checkout's
 * profiles ({@code hanedge.fleet.profiles-dir}) are imported when their id and version are not stored yet, and every
 * stored version is added to the {@link ProfileCatalog}; uploads are parsed with the gateway's own parser and audited.
 */
@Service
@Order(-1)
public class ProfileLibrary implements ApplicationRunner {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileLibrary.class);
    /** Longest profile text kept (the column's size; a profile is a few KiB). */
    static final int MAX_CHARS = 200_000;

    private final ProfileLibraryRepository repository;
    private final ProfileCatalog catalog;
    private final AuditLog audit;
    private final Clock clock;
    private final Path checkout;
    private final TransactionTemplate transactions;

    public ProfileLibrary(ProfileLibraryRepository repository, ProfileCatalog catalog, AuditLog audit, Clock clock,
            FleetProperties properties, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.repository = repository;
        this.catalog = catalog;
        this.audit = audit;
        this.clock = clock;
        this.checkout = properties.profilesDir();
    }

    @Override
    public void run(ApplicationArguments args) {
        importCheckout();
        loadCatalog();
    }

    /** Imports the checkout's profile files that are not in the library (same id+version, other text: WARN). */
    void importCheckout() {
        if (!Files.isDirectory(checkout)) {
            return;
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(checkout)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            LOG.error("profile library: cannot list {}: {}", checkout, e.toString());
            return;
        }
        for (Path f : files) {
            try {
                String yaml = Files.readString(f, StandardCharsets.UTF_8);
                DeviceProfile p = ProfileText.parse(yaml);
                String sha = ProfileText.sha256(yaml);
                Optional<StoredProfileVersion> stored = repository.find(p.id(), p.version());
                if (stored.isEmpty()) {
                    repository.insert(new StoredProfileVersion(p.id(), p.version(), yaml, sha, "server",
                            clock.millis(), "imported from " + f.getFileName()));
                    LOG.info("profile library: imported {} {} from {}", p.id(), p.version(), f);
                } else if (!stored.get().sha256().equals(sha)) {
                    LOG.warn("profile library: {} has {} {} with other content than the stored version (sha-256 {}"
                            + " stored, {} in the file): the stored version is kept; give the changed profile a new"
                            + " version", f, p.id(), p.version(), stored.get().sha256(), sha);
                }
            } catch (IOException | UnprocessableException | DuplicateKeyException e) {
                LOG.error("profile library: {} not imported: {}", f, e.getMessage());
            }
        }
    }

    /** Adds every stored version to the catalog. */
    void loadCatalog() {
        int n = 0;
        for (StoredProfileVersion v : repository.all()) {
            try {
                catalog.add(ProfileText.parse(v.yaml()));
                n++;
            } catch (UnprocessableException e) {
                LOG.error("profile library: stored {} {} no longer parses: {}", v.profileId(), v.version(),
                        e.getMessage());
            }
        }
        LOG.info("profile library: {} profile versions in the catalog", n);
    }

    /**
     * Stores an uploaded version (the row and its audit entry in one transaction; a refusal's audit entry commits
     * on its own).
     *
     * @throws UnprocessableException the parser's problems (422)
     * @throws ConflictException      the version exists with other text (409; versions are immutable)
     */
    public UploadResult upload(String yaml, String note, String actor) {
        Map<String, Object> details = new LinkedHashMap<>();
        if (note != null) {
            details.put("note", note);
        }
        DeviceProfile p;
        try {
            if (yaml == null || yaml.isBlank()) {
                throw new UnprocessableException("profile", "the body is empty: send the profile's YAML");
            }
            if (yaml.length() > MAX_CHARS) {
                throw new UnprocessableException("profile", "the profile has " + yaml.length()
                        + " characters, more than the library keeps (" + MAX_CHARS + ")");
            }
            if (note != null && note.length() > 500) {
                throw new UnprocessableException("note", "at most 500 characters");
            }
            p = ProfileText.parse(yaml);
        } catch (UnprocessableException e) {
            details.put("errors", e.errors().stream().map(Object::toString).toList());
            audit.record(actor, AuditAction.PROFILE_UPLOADED, null, "REFUSED", details);
            throw e;
        }
        details.put("profile", p.id());
        details.put("version", p.version());
        String sha = ProfileText.sha256(yaml);
        details.put("sha256", sha);
        Optional<StoredProfileVersion> stored = repository.find(p.id(), p.version());
        if (stored.isPresent()) {
            if (!stored.get().sha256().equals(sha)) {
                audit.record(actor, AuditAction.PROFILE_UPLOADED, null, "CONFLICT", details);
                throw new ConflictException("profile " + p.id() + " " + p.version() + " exists with other content"
                        + " (sha-256 " + stored.get().sha256() + "): versions are immutable, upload it as a new"
                        + " version");
            }
            audit.record(actor, AuditAction.PROFILE_UPLOADED, null, "UNCHANGED", details);
            return new UploadResult(false, dto(stored.get(), new TreeSet<>()), p.id());
        }
        StoredProfileVersion v = new StoredProfileVersion(p.id(), p.version(), yaml, sha, actor, clock.millis(), note);
        transactions.executeWithoutResult(t -> {
            repository.insert(v);
            audit.record(actor, AuditAction.PROFILE_UPLOADED, null, "STORED", details);
        });
        catalog.add(p);
        return new UploadResult(true, dto(v, new TreeSet<>()), p.id());
    }

    /** Every profile with its versions, newest first, and the gateways running each. */
    public List<ProfileDto> list() {
        Map<String, List<StoredProfileVersion>> byId = new TreeMap<>();
        repository.all().forEach(v -> byId.computeIfAbsent(v.profileId(), k -> new ArrayList<>()).add(v));
        Map<String, Map<String, TreeSet<String>>> running = repository.runningGateways();
        List<ProfileDto> out = new ArrayList<>();
        byId.forEach((id, versions) -> {
            versions.sort(Comparator.comparing(StoredProfileVersion::version, SemanticVersion.ORDER).reversed());
            Map<String, TreeSet<String>> run = running.getOrDefault(id, Map.of());
            List<ProfileVersionDto> dtos = versions.stream()
                    .map(v -> dto(v, run.getOrDefault(v.version(), new TreeSet<>()))).toList();
            TreeSet<String> all = new TreeSet<>();
            run.values().forEach(all::addAll);
            String latest = versions.get(0).version();
            String description = catalog.version(id, latest).map(DeviceProfile::description).orElse(null);
            out.add(new ProfileDto(id, latest, description, all.size(), dtos));
        });
        return out;
    }

    /** One stored version. */
    public StoredProfileVersion get(String id, String version) {
        return repository.find(id, version)
                .orElseThrow(() -> new NotFoundException("profile version", id + " " + version));
    }

    private static ProfileVersionDto dto(StoredProfileVersion v, TreeSet<String> gateways) {
        return new ProfileVersionDto(v.version(), v.sha256(), v.uploader(), Instant.ofEpochMilli(v.uploadedAt()),
                v.note(), gateways.size(), List.copyOf(gateways));
    }
}
