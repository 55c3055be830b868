package org.hanedge.fleet.remoteconfig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditLog;
import org.hanedge.gateway.api.site.SiteRefusedException;
import org.hanedge.gateway.site.SiteDocumentCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Layers below the gateways' own documents (fleet default, site kind, district, tag), versioned like the gateways'
 * configurations, and pushes of the current layers to a group. A layer change is checked against every gateway of its
 * group that has a configuration (its effective document must still pass, unless it already failed without the
 * change) and is not published by itself: a push, or a gateway's next own change, brings it to the gateways.
 */
@Service
public class LayerService {
    private static final Logger LOG = LoggerFactory.getLogger(LayerService.class);
    /** The sections a layer may set; {@code gateway} and {@code devices} are each gateway's own. */
    static final Set<String> LAYER_KEYS = Set.of("profiles", "uplink", "outbox", "rules", "remoteConfig",
            ProfilePush.KEY);
    private static final Set<String> CREDENTIAL = Set.of("username", "password", "tls");
    /** Refusals listed at most per answer. */
    static final int MAX_PROBLEMS = 20;

    private final RemoteConfigRepository repository;
    private final RemoteConfigService configs;
    private final ConfigCheck check;
    private final ConfigChannel channel;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final Clock clock;

    public LayerService(RemoteConfigRepository repository, RemoteConfigService configs, ConfigCheck check,
            ConfigChannel channel, TransactionTemplate tx, ObjectMapper json, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.configs = configs;
        this.check = check;
        this.channel = channel;
        this.tx = tx;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    // ---- layers -------------------------------------------------------------------------------------------------

    /** The latest version of every layer, without documents. */
    public List<LayerDto> layers() {
        return repository.latestLayers().stream().map(l -> dto(l, false, null)).toList();
    }

    /** @throws NotFoundException when the layer has no version */
    public LayerDto layer(LayerGroup group) {
        return repository.latestLayer(group).map(l -> dto(l, true, repository.members(group).size()))
                .orElseThrow(() -> new NotFoundException("configuration layer", group.label()));
    }

    /** The layer's versions, newest first. */
    public PageDto<LayerDto> versions(LayerGroup group, int page, int size, boolean documents) {
        return new PageDto<>(repository.layerVersions(group, (long) page * size, size).stream()
                .map(l -> dto(l, documents, null)).toList(), page, size, repository.countLayerVersions(group));
    }

    /**
     * Checks and stores the next version of a layer (audited {@code CONFIG_LAYER_CHANGED}: STORED with the version,
     * or REFUSED, CONFLICT).
     *
     * @throws UnprocessableException a key a layer may not set, the credential, a field the site parser refuses, or a
     *                                gateway of the group whose effective document it would break
     * @throws ConflictException      {@code expectedVersion} out of date, or a concurrent change
     */
    public LayerDto put(LayerGroup group, LayerPutRequest request, String author) {
        String reason = request.reason().strip();
        try {
            Map<String, Object> doc = ConfigCheck.read(group.label(), configs.toJson(group.label(), request.document()));
            List<FieldProblem> problems = new ArrayList<>(shape(doc));
            if (problems.isEmpty()) {
                problems.addAll(check.profilePush().checkLayer(doc));
                problems.addAll(fields(doc));
            }
            if (problems.isEmpty()) {
                problems.addAll(members(group, doc));
            }
            if (!problems.isEmpty()) {
                throw refused(group, problems);
            }
            StoredLayer stored = store(group, doc, author, reason, request.expectedVersion());
            return dto(stored, true, repository.members(group).size());
        } catch (UnprocessableException e) {
            audit.record(author, AuditAction.CONFIG_LAYER_CHANGED, null, "REFUSED",
                    details(group, reason, "errors", e.errors()));
            throw e;
        } catch (ConflictException e) {
            audit.record(author, AuditAction.CONFIG_LAYER_CHANGED, null, "CONFLICT",
                    details(group, reason, "conflict", e.getMessage()));
            throw e;
        }
    }

    private StoredLayer store(LayerGroup group, Map<String, Object> doc, String author, String reason,
            Long expectedVersion) {
        long now = clock.millis();
        try {
            StoredLayer stored = tx.execute(s -> {
                long latest = repository.latestLayerVersion(group);
                if (expectedVersion != null && expectedVersion != latest) {
                    throw new ConflictException("expectedVersion " + expectedVersion + " is not the latest version of "
                            + "layer " + group.label() + ", which is " + latest);
                }
                StoredLayer l = new StoredLayer(group, latest + 1, new String(ConfigDocuments.toJson(doc),
                        StandardCharsets.UTF_8), author, reason, now);
                repository.insertLayer(l);
                audit.record(author, AuditAction.CONFIG_LAYER_CHANGED, null, "STORED",
                        details(group, reason, "version", l.version()));
                return l;
            });
            LOG.info("remote configuration: {} stored version {} of layer {}: {}", author, stored.version(),
                    group.label(), reason);
            return stored;
        } catch (DuplicateKeyException e) {
            throw new ConflictException("another change of layer " + group.label() + " was stored at the same time");
        }
    }

    /** Keys a layer may not set, and the credential. */
    private static List<FieldProblem> shape(Map<String, Object> doc) {
        List<FieldProblem> problems = new ArrayList<>();
        for (String key : new TreeMap<>(doc).keySet()) {
            if (key.equals("gateway") || key.equals("devices")) {
                problems.add(new FieldProblem(key, "belongs to each gateway's own document, not to a layer"));
            } else if (!LAYER_KEYS.contains(key)) {
                problems.add(new FieldProblem(key, "unknown key (a layer may set: "
                        + String.join(", ", new java.util.TreeSet<>(LAYER_KEYS)) + ")"));
            }
        }
        if (doc.get("uplink") instanceof Map<?, ?> uplink) {
            for (String k : new java.util.TreeSet<>(CREDENTIAL)) {
                if (uplink.containsKey(k)) {
                    problems.add(new FieldProblem("uplink." + k, "is never pushed: the credential stays in the "
                            + "gateway's site file"));
                }
            }
        }
        return problems;
    }

    /**
     * The layer's fields through the site parser, over a stand-in gateway (an id and a broker, which the layer may
     * replace). {@code rules} name the devices of each site, so they are checked only against the gateways.
     */
    private static List<FieldProblem> fields(Map<String, Object> doc) {
        Map<String, Object> base = new LinkedHashMap<>();
        base.put("gateway", Map.of("id", "layer-check"));
        base.put("uplink", Map.of("broker", "tcp://layer-check.invalid:1883"));
        Map<String, Object> layer = new LinkedHashMap<>(doc);
        layer.remove("rules");
        layer.remove(ProfilePush.KEY); // checked against the library (ProfilePush)
        Map<String, Object> site = Layers.merge(List.of(new Layers.Layer("base", base),
                new Layers.Layer("layer", layer))).site();
        try {
            SiteDocumentCheck.check("layer-check", site);
            return List.of();
        } catch (SiteRefusedException e) {
            return e.problems().stream().map(p -> new FieldProblem(p.path(), p.message())).toList();
        }
    }

    /** What the change would break for the group's gateways that have a configuration (not what already failed). */
    private List<FieldProblem> members(LayerGroup group, Map<String, Object> doc) {
        List<FieldProblem> problems = new ArrayList<>();
        int more = 0;
        for (String gw : repository.members(group)) {
            Optional<StoredVersion> latest = repository.latest(gw);
            if (latest.isEmpty()) {
                continue;
            }
            Map<String, Object> own = configs.ownDocument(latest.get());
            Map<String, String> pv = RemoteConfigService.desired(latest.get()).profileVersions();
            RemoteConfigService.Composition after = configs.compose(gw, own, group, doc);
            List<FieldProblem> now = check.problems(gw, after.site(),
                    ProfilePush.versions(pv, after.profileVersions(), null));
            if (now.isEmpty()) {
                continue;
            }
            RemoteConfigService.Composition current = configs.compose(gw, own, null, null);
            Set<FieldProblem> before = new HashSet<>(check.problems(gw, current.site(),
                    ProfilePush.versions(pv, current.profileVersions(), null)));
            for (FieldProblem p : now) {
                if (before.contains(p)) {
                    continue;
                }
                if (problems.size() < MAX_PROBLEMS) {
                    problems.add(new FieldProblem(p.field(), gw + ": " + p.message()));
                } else {
                    more++;
                }
            }
        }
        if (more > 0) {
            problems.add(new FieldProblem("", more + " more problems in the group's gateways not listed"));
        }
        return problems;
    }

    // ---- pushes -------------------------------------------------------------------------------------------------

    /**
     * Pushes the current layers to every gateway of the group: each gets its own latest document merged over the
     * current layers, checked; a new version where that differs from its latest one (published without waiting),
     * nothing where it does not. Each gateway in its own transaction. Audited: {@code CONFIG_PUSHED} (the counts),
     * and a {@code CONFIG_CHANGED} STORED per new version (with the push's id).
     */
    public PushDto push(LayerGroup group, String reason, String author) {
        String why = reason.strip();
        long pushId = tx.execute(s -> repository.insertPush(group.label(), author, why, clock.millis()));
        Map<String, Long> outcomes = new TreeMap<>();
        List<String> toPublish = new ArrayList<>();
        for (String gw : repository.members(group)) {
            RemoteConfigRepository.PushTarget t = pushOne(pushId, gw, author, "push " + pushId + " (" + group.label()
                    + "): " + why);
            tx.executeWithoutResult(s -> repository.insertPushTarget(pushId, t));
            outcomes.merge(t.outcome(), 1L, Long::sum);
            if (t.outcome().equals("STORED")) {
                toPublish.add(gw);
            }
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("push", pushId);
        details.put("group", group.label());
        details.put("reason", why);
        details.put("outcomes", outcomes);
        audit.record(author, AuditAction.CONFIG_PUSHED, null, outcomes.isEmpty() ? "EMPTY" : "DONE", details);
        toPublish.forEach(channel::publishLatest);
        LOG.info("remote configuration: {} pushed {} ({}): {}", author, group.label(), why, outcomes);
        return push(pushId);
    }

    private RemoteConfigRepository.PushTarget pushOne(long pushId, String gw, String author, String reason) {
        Optional<StoredVersion> latest = repository.latest(gw);
        if (latest.isEmpty()) {
            return new RemoteConfigRepository.PushTarget(gw, "SKIPPED", null, "no configuration of its own yet "
                    + "(devices, gateway id): PUT /api/v1/gateways/" + gw + "/config first");
        }
        StoredVersion current = latest.get();
        DesiredConfig desired = RemoteConfigService.desired(current);
        Map<String, Object> own = configs.ownDocument(current);
        RemoteConfigService.Composition c = configs.compose(gw, own, null, null);
        Map<String, String> versions = ProfilePush.versions(desired.profileVersions(), c.profileVersions(), null);
        List<FieldProblem> problems = check.problems(gw, c.site(), versions);
        if (!problems.isEmpty()) {
            List<FieldProblem> annotated = RemoteConfigService.withOrigins(ConfigCheck.refused(gw, problems),
                    c.origins()).errors();
            return new RemoteConfigRepository.PushTarget(gw, "REFUSED", null, errorsJson(annotated));
        }
        try {
            var profiles = check.profilePush().documents(c.profileVersions(), versions, gw);
            if (c.site().equals(desired.site()) && versions.equals(desired.profileVersions())
                    && profiles.equals(desired.profiles())) {
                return new RemoteConfigRepository.PushTarget(gw, "UNCHANGED", current.version(), null);
            }
            ConfigCheck.Checked checked = new ConfigCheck.Checked(c.site(), versions, profiles);
            StoredVersion v = configs.store(gw, c, own, checked, author, reason, null, Map.of("push", pushId));
            return new RemoteConfigRepository.PushTarget(gw, "STORED", v.version(), null);
        } catch (UnprocessableException | ConflictException e) {
            return new RemoteConfigRepository.PushTarget(gw, "REFUSED", null, errorsJson(
                    e instanceof UnprocessableException u ? u.errors()
                            : List.of(new FieldProblem("", e.getMessage()))));
        }
    }

    /** A push and where each of its gateways is now. */
    public PushDto push(long id) {
        RemoteConfigRepository.StoredPush p = repository.push(id)
                .orElseThrow(() -> new NotFoundException("configuration push", Long.toString(id)));
        List<PushDto.Gateway> gateways = new ArrayList<>();
        Map<String, Long> counts = new TreeMap<>();
        for (RemoteConfigRepository.PushTarget t : repository.pushTargets(id)) {
            PushDto.Gateway g = progress(t);
            gateways.add(g);
            counts.merge(g.state(), 1L, Long::sum);
        }
        return new PushDto(p.id(), p.target(), p.author(), p.reason(), Instant.ofEpochMilli(p.createdAt()), counts,
                gateways);
    }

    private PushDto.Gateway progress(RemoteConfigRepository.PushTarget t) {
        if (t.version() == null) {
            List<FieldProblem> errors = t.outcome().equals("REFUSED") ? errors(t.detail()) : null;
            return new PushDto.Gateway(t.gatewayId(), t.outcome(), null, errors,
                    t.outcome().equals("SKIPPED") ? t.detail() : null, t.outcome(), null, null);
        }
        long v = t.version();
        Optional<StoredVersion> version = repository.find(t.gatewayId(), v);
        Instant published = version.map(StoredVersion::publishedAt).map(Instant::ofEpochMilli).orElse(null);
        Optional<StoredReport> report = repository.latestReport(t.gatewayId());
        String state;
        ReportedDto reported = null;
        if (report.isPresent() && report.get().version() == v) {
            state = report.get().status().name();
            reported = RemoteConfigService.dto(report.get());
        } else if (report.isPresent() && report.get().version() > v || repository.latestVersion(t.gatewayId()) > v) {
            state = "SUPERSEDED";
        } else {
            state = published != null ? "PUBLISHED" : "PENDING";
        }
        return new PushDto.Gateway(t.gatewayId(), t.outcome(), v, null, null, state, published, reported);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static UnprocessableException refused(LayerGroup group, List<FieldProblem> problems) {
        return new UnprocessableException(ConfigCheck.TITLE, "layer " + group.label() + " refused: "
                + problems.stream().map(p -> p.field().isEmpty() ? p.message() : p.toString())
                        .collect(java.util.stream.Collectors.joining("; ")), problems);
    }

    private static Map<String, Object> details(LayerGroup group, String reason, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("layer", group.label());
        m.put(key, value);
        m.put("reason", reason);
        return m;
    }

    private String errorsJson(List<FieldProblem> errors) {
        try {
            String s = json.writeValueAsString(errors.size() > MAX_PROBLEMS ? errors.subList(0, MAX_PROBLEMS) : errors);
            return s.length() <= 100_000 ? s : "[]";
        } catch (JsonProcessingException e) {
            return "[]";
        }
    }

    private List<FieldProblem> errors(String detail) {
        if (detail == null) {
            return List.of();
        }
        try {
            return List.of(json.readValue(detail, FieldProblem[].class));
        } catch (JsonProcessingException e) {
            return List.of(new FieldProblem("", detail));
        }
    }

    private LayerDto dto(StoredLayer l, boolean document, Integer members) {
        return new LayerDto(l.group().label(), l.version(), document ? RemoteConfigService.readTree(l.document())
                : null, l.author(), l.reason(), Instant.ofEpochMilli(l.createdAt()), members);
    }
}
