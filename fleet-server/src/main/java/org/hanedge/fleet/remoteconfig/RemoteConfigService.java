package org.hanedge.fleet.remoteconfig;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
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
 * Versions of the gateways' desired configurations: a change is checked ({@link ConfigCheck}), stored as the next
 * version and published ({@link ConfigChannel}); reads combine the latest version with the latest report.
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
        Optional<ConfigVersionDto> desired = repository.latest(gatewayId).map(v -> dto(v, true));
        Optional<ReportedDto> reported = repository.latestReport(gatewayId).map(RemoteConfigService::dto);
        boolean inSync = desired.isPresent() && reported.isPresent()
                && reported.get().version() == desired.get().version()
                && reported.get().status() == ConfigStatus.APPLIED;
        return new GatewayConfigDto(gatewayId, desired.orElse(null), reported.orElse(null), inSync);
    }

    /**
     * Checks, stores as the next version and publishes a gateway's new desired configuration. The version is above
     * every stored one and above what the gateway last reported (a server that lost its versions continues above the
     * gateway's). Answers once the broker acknowledged the publish, or after {@value #PUBLISH_WAIT_S} s without it
     * ({@code publishedAt} absent; the publish is retried). Every attempt is audited ({@code CONFIG_CHANGED}: {@code
     * STORED} in the transaction that stores the version, {@code REFUSED} or {@code CONFLICT} on its own).
     *
     * @throws NotFoundException                             unknown gateway
     * @throws org.hanedge.fleet.api.UnprocessableException  refused by the checks: nothing stored or published
     * @throws ConflictException                             {@code expectedVersion} is not the latest version, or
     *                                                       another change stored the same version meanwhile
     */
    public ConfigVersionDto put(String gatewayId, ConfigPutRequest request, String author) {
        requireGateway(gatewayId);
        try {
            return store(gatewayId, request, author);
        } catch (UnprocessableException e) {
            audit.record(author, AuditAction.CONFIG_CHANGED, gatewayId, "REFUSED",
                    details(request, "errors", e.errors()));
            throw e;
        } catch (ConflictException e) {
            audit.record(author, AuditAction.CONFIG_CHANGED, gatewayId, "CONFLICT",
                    details(request, "conflict", e.getMessage()));
            throw e;
        }
    }

    private ConfigVersionDto store(String gatewayId, ConfigPutRequest request, String author) {
        byte[] siteJson;
        try {
            siteJson = json.writeValueAsBytes(request.site());
        } catch (JsonProcessingException e) {
            throw ConfigCheck.refused(gatewayId, List.of(new FieldProblem("", "cannot be written as JSON")));
        }
        ConfigCheck.Checked checked = check.check(gatewayId, siteJson, request.profileVersions());
        long now = clock.millis();
        StoredVersion stored;
        try {
            stored = tx.execute(s -> {
                long latest = repository.latestVersion(gatewayId);
                if (request.expectedVersion() != null && request.expectedVersion() != latest) {
                    throw new ConflictException("expectedVersion " + request.expectedVersion() + " is not the latest "
                            + "version of " + gatewayId + ", which is " + latest + ": read it and apply your change "
                            + "to it");
                }
                long reported = repository.latestReport(gatewayId).map(r -> Math.max(r.version(), r.lastGood()))
                        .orElse(0L);
                long next = Math.max(latest, reported) + 1;
                DesiredConfig d = new DesiredConfig(next, checked.site(), checked.profileVersions(), author,
                        request.reason().strip(), Instant.ofEpochMilli(now));
                byte[] document = ConfigDocuments.write(d);
                if (document.length > ConfigDocuments.MAX_BYTES) {
                    throw ConfigCheck.refused(gatewayId, List.of(new FieldProblem("", "the configuration document "
                            + "is " + document.length + " bytes, more than a gateway reads ("
                            + ConfigDocuments.MAX_BYTES + ")")));
                }
                StoredVersion v = new StoredVersion(gatewayId, next, new String(document, StandardCharsets.UTF_8),
                        author, request.reason().strip(), now, null);
                repository.insert(v);
                Map<String, Object> details = details(request, "version", next);
                audit.record(author, AuditAction.CONFIG_CHANGED, gatewayId, "STORED", details);
                return v;
            });
        } catch (DuplicateKeyException e) {
            throw new ConflictException("another change of " + gatewayId + "'s configuration was stored at the same "
                    + "time; read the latest version and try again");
        }
        LOG.info("remote configuration: {} stored version {} of {}: {}", author, stored.version(), gatewayId,
                stored.reason());
        try {
            channel.publishLatest(gatewayId).get(PUBLISH_WAIT_S, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("remote configuration: version {} of {} stored, not yet published: {}", stored.version(),
                    gatewayId, e.toString());
        }
        return repository.find(gatewayId, stored.version()).map(v -> dto(v, true)).orElseThrow();
    }

    /** The gateway's versions, newest first; with their documents when asked. */
    public PageDto<ConfigVersionDto> versions(String gatewayId, int page, int size, boolean documents) {
        requireGateway(gatewayId);
        return new PageDto<>(repository.versions(gatewayId, (long) page * size, size).stream()
                .map(v -> dto(v, documents)).toList(), page, size, repository.countVersions(gatewayId));
    }

    /** @throws NotFoundException unknown gateway or version */
    public ConfigVersionDto version(String gatewayId, long version) {
        requireGateway(gatewayId);
        return repository.find(gatewayId, version).map(v -> dto(v, true))
                .orElseThrow(() -> new NotFoundException("configuration version", gatewayId + " " + version));
    }

    /** The gateway's reports, newest first. */
    public PageDto<ReportedDto> reports(String gatewayId, int page, int size) {
        requireGateway(gatewayId);
        return new PageDto<>(repository.reports(gatewayId, (long) page * size, size).stream()
                .map(RemoteConfigService::dto).toList(), page, size, repository.countReports(gatewayId));
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

    private void requireGateway(String gatewayId) {
        if (!repository.gatewayExists(gatewayId)) {
            throw new NotFoundException("gateway", gatewayId);
        }
    }

    private static ConfigVersionDto dto(StoredVersion v, boolean document) {
        DesiredConfig d = null;
        if (document) {
            try {
                d = ConfigDocuments.readDesired(v.document().getBytes(StandardCharsets.UTF_8));
            } catch (ConfigDocumentException e) {
                throw new IllegalStateException("stored configuration " + v.version() + " of " + v.gatewayId()
                        + " cannot be read: " + e.getMessage(), e);
            }
        }
        return new ConfigVersionDto(v.gatewayId(), v.version(), v.author(), v.reason(),
                Instant.ofEpochMilli(v.createdAt()), v.publishedAt() == null ? null : Instant.ofEpochMilli(v.publishedAt()),
                d == null ? null : d.site(), d == null ? null : d.profileVersions());
    }

    private static ReportedDto dto(StoredReport r) {
        return new ReportedDto(r.version(), r.status(), ReportIntake.errors(r.errors()), r.lastGood(),
                Instant.ofEpochMilli(r.reportedAt()), Instant.ofEpochMilli(r.receivedAt()));
    }
}
