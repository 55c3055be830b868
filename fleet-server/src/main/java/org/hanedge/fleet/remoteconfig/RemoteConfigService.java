package org.hanedge.fleet.remoteconfig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.fleet.api.ConflictException;
import org.hanedge.fleet.api.FieldProblem;
import org.hanedge.fleet.api.NotFoundException;
import org.hanedge.fleet.api.PageDto;
import org.hanedge.fleet.api.UnprocessableException;
import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditLog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Versions of the gateways' desired configurations: a gateway's own document is merged over the current layers
 * ({@link Layers}), the result checked ({@link ConfigCheck}), stored as the next version and published
 * ({@link ConfigChannel}); reads combine the latest version with the latest report.
 */
@Service
public class RemoteConfigService {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteConfigService.class);
    public static final int MAX_PAGE_SIZE = 500;
    /** How long a change waits for the broker's acknowledgement of its publish before it answers anyway. */
    static final long PUBLISH_WAIT_S = 5;

    private final RemoteConfigRepository repository;
    private final ConfigCheck check;
    private final ConfigChannel channel;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final AuditLog audit;
    private final Clock clock;

    public RemoteConfigService(RemoteConfigRepository repository, ConfigCheck check, ConfigChannel channel,
            TransactionTemplate tx, ObjectMapper json, AuditLog audit, Clock clock) {
        this.repository = repository;
        this.check = check;
        this.channel = channel;
        this.tx = tx;
        this.json = json;
        this.audit = audit;
        this.clock = clock;
    }

    /** @throws NotFoundException when the gateway is not in the registry */
    public GatewayConfigDto get(String gatewayId) {
        requireGateway(gatewayId);
        Optional<ConfigVersionDto> desired = repository.latest(gatewayId).map(v -> dto(v, true, true));
        Optional<ReportedDto> reported = repository.latestReport(gatewayId).map(RemoteConfigService::dto);
        boolean inSync = desired.isPresent() && reported.isPresent()
                && reported.get().version() == desired.get().version()
                && reported.get().status() == ConfigStatus.APPLIED;
        return new GatewayConfigDto(gatewayId, desired.orElse(null), reported.orElse(null), inSync);
    }

    /**
     * Checks, stores as the next version and publishes a gateway's new desired configuration: its own document
     * merged over the current layers. The version is above every stored one and above what the gateway last
     * reported (a server that lost its versions continues above the gateway's). Answers once the broker acknowledged
     * the publish, or after {@value #PUBLISH_WAIT_S} s without it ({@code publishedAt} absent; the publish is
     * retried). Every attempt is audited ({@code CONFIG_CHANGED}: {@code STORED} in the transaction that stores the
     * version, {@code REFUSED} or {@code CONFLICT} on its own).
     *
     * @throws NotFoundException      unknown gateway
     * @throws UnprocessableException refused by the checks: nothing stored or published
     * @throws ConflictException      {@code expectedVersion} is not the latest version, or another change stored the
     *                                same version meanwhile
     */
    public ConfigVersionDto put(String gatewayId, ConfigPutRequest request, String author) {
        requireGateway(gatewayId);
        StoredVersion stored;
        try {
            Map<String, Object> own = ConfigCheck.read(gatewayId, toJson(gatewayId, request.site()));
            Composition c = compose(gatewayId, own, null, null);
            ConfigCheck.Checked checked;
            try {
                Map<String, String> versions = ProfilePush.versions(request.profileVersions() == null
                        ? check.profilePush().defaults(gatewayId, check.defaultVersions(c.site())) : Map.of(),
                        c.profileVersions(), request.profileVersions());
                checked = check.check(gatewayId, c.site(), versions);
                checked = new ConfigCheck.Checked(checked.site(), checked.profileVersions(),
                        check.profilePush().documents(c.profileVersions(), checked.profileVersions(), gatewayId));
            } catch (UnprocessableException e) {
                throw withOrigins(e, c.origins());
            }
            stored = store(gatewayId, c, own, checked, author, request.reason().strip(), request.expectedVersion(),
                    Map.of());
        } catch (UnprocessableException e) {
            audit.record(author, AuditAction.CONFIG_CHANGED, gatewayId, "REFUSED",
                    details(request, "errors", e.errors()));
            throw e;
        } catch (ConflictException e) {
            audit.record(author, AuditAction.CONFIG_CHANGED, gatewayId, "CONFLICT",
                    details(request, "conflict", e.getMessage()));
            throw e;
        }
        try {
            channel.publishLatest(gatewayId).get(PUBLISH_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("remote configuration: version {} of {} stored, not yet published: {}", stored.version(),
                    gatewayId, e.toString());
        }
        return repository.find(gatewayId, stored.version()).map(v -> dto(v, true, false)).orElseThrow();
    }

    /** What the gateway would get from the current layers and its own latest document. */
    public EffectiveDto effective(String gatewayId) {
        requireGateway(gatewayId);
        Optional<StoredVersion> latest = repository.latest(gatewayId);
        Map<String, Object> own = latest.map(this::ownDocument).orElse(Map.of());
        Composition c = compose(gatewayId, own, null, null);
        boolean differs = latest.map(v -> !desired(v).site().equals(c.site())).orElse(true);
        return new EffectiveDto(gatewayId, latest.map(StoredVersion::version).orElse(null), c.site(), c.labels(),
                c.origins(), differs, latest.isPresent() ? own : null);
    }

    /** The gateway's versions, newest first; with their documents when asked. */
    public PageDto<ConfigVersionDto> versions(String gatewayId, int page, int size, boolean documents) {
        requireGateway(gatewayId);
        return new PageDto<>(repository.versions(gatewayId, (long) page * size, size).stream()
                .map(v -> dto(v, documents, false)).toList(), page, size, repository.countVersions(gatewayId));
    }

    /** @throws NotFoundException unknown gateway or version */
    public ConfigVersionDto version(String gatewayId, long version) {
        requireGateway(gatewayId);
        return repository.find(gatewayId, version).map(v -> dto(v, true, true))
                .orElseThrow(() -> new NotFoundException("configuration version", gatewayId + " " + version));
    }

    /** The gateway's reports, newest first. */
    public PageDto<ReportedDto> reports(String gatewayId, int page, int size) {
        requireGateway(gatewayId);
        return new PageDto<>(repository.reports(gatewayId, (long) page * size, size).stream()
                .map(RemoteConfigService::dto).toList(), page, size, repository.countReports(gatewayId));
    }

    // ---- composition and storage, shared with the layers and pushes ---------------------------------------------

    /**
     * A gateway's effective document.
     *
     * @param labels          the layers merged under the gateway's own document, with their versions
     *                        ({@code kind:lake@1})
     * @param profileVersions the profile versions the layers state ({@link ProfilePush}), taken out of the site
     */
    record Composition(Map<String, Object> site, Map<String, String> origins, List<String> labels,
            Map<String, String> profileVersions) {
    }

    /**
     * The gateway's own document merged over the latest version of each of its layers (fleet, kind, district, tags
     * in name order), one of which may be replaced by a candidate document (a layer being changed).
     */
    Composition compose(String gatewayId, Map<String, Object> own, LayerGroup replaced,
            Map<String, Object> replacement) {
        List<Layers.Layer> layers = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (LayerGroup g : groupsOf(gatewayId)) {
            if (g.equals(replaced)) {
                layers.add(new Layers.Layer(g.label(), replacement));
                labels.add(g.label() + "@new");
                continue;
            }
            repository.latestLayer(g).ifPresent(l -> {
                layers.add(new Layers.Layer(g.label(), readTree(l.document())));
                labels.add(g.label() + "@" + l.version());
            });
        }
        layers.add(new Layers.Layer(Layers.GATEWAY, own));
        Layers.Merged m = Layers.merge(layers);
        Map<String, Object> site = new LinkedHashMap<>(m.site());
        Map<String, String> stated = ProfilePush.take(site);
        return new Composition(site, m.origins(), labels, stated);
    }

    /** The groups a gateway belongs to, lowest layer first. */
    List<LayerGroup> groupsOf(String gatewayId) {
        List<LayerGroup> groups = new ArrayList<>();
        groups.add(LayerGroup.FLEET);
        repository.membership(gatewayId).ifPresent(m -> {
            if (m.kind() != null && !m.kind().isBlank()) {
                groups.add(new LayerGroup(LayerGroup.Scope.KIND, m.kind()));
            }
            if (m.district() != null && !m.district().isBlank()) {
                groups.add(new LayerGroup(LayerGroup.Scope.DISTRICT, m.district()));
            }
            m.tags().forEach(t -> groups.add(new LayerGroup(LayerGroup.Scope.TAG, t)));
        });
        return groups;
    }

    /**
     * Stores the next version of a gateway in one transaction with its audit entry.
     *
     * @param expectedVersion null: any
     * @param auditDetails    more for the audit entry (a push's id)
     * @throws ConflictException      expectedVersion out of date, or a concurrent change took the version
     * @throws UnprocessableException the document is larger than a gateway reads
     */
    StoredVersion store(String gatewayId, Composition c, Map<String, Object> own, ConfigCheck.Checked checked,
            String author, String reason, Long expectedVersion, Map<String, Object> auditDetails) {
        long now = clock.millis();
        try {
            StoredVersion stored = tx.execute(s -> {
                long latest = repository.latestVersion(gatewayId);
                if (expectedVersion != null && expectedVersion != latest) {
                    throw new ConflictException("expectedVersion " + expectedVersion + " is not the latest version of "
                            + gatewayId + ", which is " + latest + ": read it and apply your change to it");
                }
                long reported = repository.latestReport(gatewayId).map(r -> Math.max(r.version(), r.lastGood()))
                        .orElse(0L);
                long next = Math.max(latest, reported) + 1;
                DesiredConfig d = new DesiredConfig(next, checked.site(), checked.profileVersions(),
                        checked.profiles(), author, reason, Instant.ofEpochMilli(now));
                byte[] document = ConfigDocuments.write(d);
                if (document.length > ConfigDocuments.MAX_BYTES) {
                    throw ConfigCheck.refused(gatewayId, List.of(new FieldProblem(checked.profiles().isEmpty() ? ""
                            : "profiles", "the configuration document is " + document.length + " bytes"
                            + (checked.profiles().isEmpty() ? "" : " with the profiles " + checked.profiles().keySet())
                            + ", more than a gateway reads (" + ConfigDocuments.MAX_BYTES + ")")));
                }
                StoredVersion v = new StoredVersion(gatewayId, next, new String(document, StandardCharsets.UTF_8),
                        author, reason, now, null, text(ConfigDocuments.toJson(own)),
                        text(ConfigDocuments.toJson(c.labels())));
                repository.insert(v);
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("version", next);
                details.put("reason", reason);
                if (expectedVersion != null) {
                    details.put("expectedVersion", expectedVersion);
                }
                details.putAll(auditDetails);
                audit.record(author, AuditAction.CONFIG_CHANGED, gatewayId, "STORED", details);
                return v;
            });
            LOG.info("remote configuration: {} stored version {} of {}: {}", author, stored.version(), gatewayId,
                    reason);
            return stored;
        } catch (DuplicateKeyException e) {
            throw new ConflictException("another change of " + gatewayId + "'s configuration was stored at the same "
                    + "time; read the latest version and try again");
        }
    }

    /** The gateway's own document of a version (before layers existed: its whole site). */
    Map<String, Object> ownDocument(StoredVersion v) {
        return v.gatewayLayer() != null ? readTree(v.gatewayLayer()) : desired(v).site();
    }

    static DesiredConfig desired(StoredVersion v) {
        try {
            return ConfigDocuments.readDesired(v.document().getBytes(StandardCharsets.UTF_8));
        } catch (ConfigDocumentException e) {
            throw new IllegalStateException("stored configuration " + v.version() + " of " + v.gatewayId()
                    + " cannot be read: " + e.getMessage(), e);
        }
    }

    /** A refusal whose fields came from a layer say so. */
    static UnprocessableException withOrigins(UnprocessableException e, Map<String, String> origins) {
        List<FieldProblem> annotated = e.errors().stream().map(p -> {
            String origin = originOf(p.field(), origins);
            return origin == null || origin.equals(Layers.GATEWAY) ? p
                    : new FieldProblem(p.field(), p.message() + " (value from layer " + origin + ")");
        }).toList();
        return new UnprocessableException(e.title(), e.getMessage(), annotated);
    }

    /** The layer of a value, or of the nearest mapping above it that has one; null when none. */
    private static String originOf(String path, Map<String, String> origins) {
        if (path.isEmpty()) {
            return null;
        }
        String p = path;
        while (true) {
            if (origins.containsKey(p)) {
                return origins.get(p);
            }
            int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
            if (cut <= 0) {
                return null;
            }
            p = p.substring(0, cut);
        }
    }

    static Map<String, Object> readTree(String jsonText) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> m = (Map<String, Object>) ConfigDocuments.fromJson(
                    jsonText.getBytes(StandardCharsets.UTF_8));
            return m;
        } catch (ConfigDocumentException | ClassCastException e) {
            throw new IllegalStateException("a stored configuration document cannot be read: " + e.getMessage(), e);
        }
    }

    byte[] toJson(String gatewayOrGroup, Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw ConfigCheck.refused(gatewayOrGroup, List.of(new FieldProblem("", "cannot be written as JSON")));
        }
    }

    private static String text(byte[] utf8) {
        return new String(utf8, StandardCharsets.UTF_8);
    }

    /** What an audit entry of a change keeps: never the document (a refused one may hold a password). */
    private static Map<String, Object> details(ConfigPutRequest request, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(key, value);
        if (request.reason() != null) {
            m.put("reason", request.reason().strip());
        }
        if (request.expectedVersion() != null) {
            m.put("expectedVersion", request.expectedVersion());
        }
        return m;
    }

    void requireGateway(String gatewayId) {
        if (!repository.gatewayExists(gatewayId)) {
            throw new NotFoundException("gateway", gatewayId);
        }
    }

    /** A version as the API shows it; the layers' origins of its values on request (one read per layer). */
    ConfigVersionDto dto(StoredVersion v, boolean document, boolean origins) {
        DesiredConfig d = document ? desired(v) : null;
        List<String> labels = labels(v);
        Map<String, String> o = null;
        if (origins) {
            List<Layers.Layer> layers = new ArrayList<>();
            for (String label : labels) {
                int at = label.lastIndexOf('@');
                LayerGroup g = LayerGroup.parse("layers", label.substring(0, at));
                repository.layer(g, Long.parseLong(label.substring(at + 1)))
                        .ifPresent(l -> layers.add(new Layers.Layer(g.label(), readTree(l.document()))));
            }
            layers.add(new Layers.Layer(Layers.GATEWAY, ownDocument(v)));
            o = Layers.merge(layers).origins();
        }
        return new ConfigVersionDto(v.gatewayId(), v.version(), v.author(), v.reason(),
                Instant.ofEpochMilli(v.createdAt()), v.publishedAt() == null ? null : Instant.ofEpochMilli(v.publishedAt()),
                d == null ? null : d.site(), d == null ? null : d.profileVersions(), labels, o);
    }

    private static List<String> labels(StoredVersion v) {
        if (v.layers() == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (readList(v.layers()) instanceof List<?> l) {
            l.forEach(x -> out.add(String.valueOf(x)));
        }
        return out;
    }

    private static Object readList(String jsonText) {
        try {
            return ConfigDocuments.fromJson(jsonText.getBytes(StandardCharsets.UTF_8));
        } catch (ConfigDocumentException e) {
            return List.of();
        }
    }

    static ReportedDto dto(StoredReport r) {
        return new ReportedDto(r.version(), r.status(), ReportIntake.errors(r.errors()), r.lastGood(),
                Instant.ofEpochMilli(r.reportedAt()), Instant.ofEpochMilli(r.receivedAt()));
    }
}
