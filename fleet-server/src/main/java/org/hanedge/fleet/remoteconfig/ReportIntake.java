package org.hanedge.fleet.remoteconfig;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.contract.config.ConfigDocumentException;
import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.GatewayTopic;
import org.hanedge.contract.mqtt.TopicException;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;
import org.hanedge.fleet.audit.AuditAction;
import org.hanedge.fleet.audit.AuditLog;
import org.hanedge.fleet.ingest.DeadLetter;
import org.hanedge.fleet.ingest.DeadLetters;
import org.hanedge.fleet.ingest.IngestReason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Stores what the gateways report on {@code config/reported}. A report is stored unless it repeats the gateway's
 * latest stored one (the retained copy at every start, the repeat on every connect of the gateway). A report that
 * cannot be used never stops anything: a topic outside the contract ({@code BAD_TOPIC}), a gateway the registry does
 * not know ({@code UNKNOWN_GATEWAY}), a document the contract's reader refuses or one naming another gateway than its
 * topic ({@code BAD_EVENT}) is kept as a dead letter (logged, counted, not replayable) and otherwise ignored. An
 * empty payload (a retained report cleared) is ignored. A stored report is audited ({@code CONFIG_REPORTED}, actor
 * {@code gateway:<id>}, outcome its status) in the same transaction.
 */
@Component
class ReportIntake {
    private static final Logger LOG = LoggerFactory.getLogger(ReportIntake.class);
    /** Longest errors JSON kept (the column's size). */
    static final int MAX_ERRORS_CHARS = 100_000;

    private final RemoteConfigRepository repository;
    private final DeadLetters deadLetters;
    private final TransactionTemplate tx;
    private final AuditLog audit;

    ReportIntake(RemoteConfigRepository repository, DeadLetters deadLetters, TransactionTemplate tx, AuditLog audit) {
        this.repository = repository;
        this.deadLetters = deadLetters;
        this.tx = tx;
        this.audit = audit;
    }

    /** @return the stored report, empty when it was a repeat or could not be used */
    Optional<StoredReport> accept(String topic, byte[] payload, long receivedAt) {
        if (payload == null || payload.length == 0) {
            LOG.debug("remote configuration: empty report on {} ignored (a retained report cleared)", topic);
            return Optional.empty();
        }
        GatewayTopic t;
        try {
            t = Topics.parse(topic);
        } catch (TopicException e) {
            return dead(receivedAt, null, topic, IngestReason.BAD_TOPIC.name(), e.getMessage(), payload);
        }
        if (t.kind() != TopicKind.CONFIG_REPORTED) {
            return dead(receivedAt, t.gatewayId(), topic, IngestReason.BAD_TOPIC.name(),
                    "not a config/reported topic", payload);
        }
        String gw = t.gatewayId();
        if (!repository.gatewayExists(gw)) {
            return dead(receivedAt, gw, topic, IngestReason.UNKNOWN_GATEWAY.name(),
                    "configuration report of gateway " + gw + ", which is not in the registry", payload);
        }
        ReportedConfig r;
        try {
            r = ConfigDocuments.readReported(payload);
        } catch (ConfigDocumentException e) {
            return dead(receivedAt, gw, topic, IngestReason.BAD_EVENT.name(),
                    "configuration report is not the documented JSON: " + e.getMessage(), payload);
        }
        if (!r.gateway().equals(gw)) {
            return dead(receivedAt, gw, topic, IngestReason.BAD_EVENT.name(),
                    "configuration report names gateway '" + r.gateway() + "' on the topic of " + gw, payload);
        }
        StoredReport report = new StoredReport(0, gw, r.version(), r.status(), errorsJson(r.errors()),
                r.lastGood(), r.time().toEpochMilli(), receivedAt);
        Boolean stored = tx.execute(s -> {
            Optional<StoredReport> latest = repository.latestReport(gw);
            if (latest.isPresent() && latest.get().sameAs(report)) {
                return false;
            }
            repository.insertReport(report);
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("version", r.version());
            details.put("lastGood", r.lastGood());
            if (!r.errors().isEmpty()) {
                details.put("errors", r.errors().stream().limit(20).map(ConfigError::toString).toList());
            }
            audit.record("gateway:" + gw, AuditAction.CONFIG_REPORTED, gw, r.status().name(), details);
            return true;
        });
        if (Boolean.TRUE.equals(stored)) {
            LOG.info("remote configuration: {} reports version {} {} (last good {}){}", gw, r.version(), r.status(),
                    r.lastGood(), r.errors().isEmpty() ? "" : ": " + r.errors().get(0)
                            + (r.errors().size() > 1 ? " (+" + (r.errors().size() - 1) + " more)" : ""));
            return Optional.of(report);
        }
        return Optional.empty();
    }

    private Optional<StoredReport> dead(long receivedAt, String gatewayId, String topic, String reason, String detail,
            byte[] payload) {
        DeadLetter d = deadLetters.of(receivedAt, gatewayId, topic, reason, detail, payload);
        repository.insertDeadLetter(d.receivedAt(), d.gatewayId(), d.topic(), d.reason(), d.detail(), d.payload());
        return Optional.empty();
    }

    /** The errors as a JSON array, cut (with a note) to what the column holds. */
    static String errorsJson(List<ConfigError> errors) {
        List<Object> list = new ArrayList<>();
        int chars = 2;
        for (int i = 0; i < errors.size(); i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("path", errors.get(i).path());
            m.put("message", errors.get(i).message());
            int size = new String(ConfigDocuments.toJson(m), StandardCharsets.UTF_8).length() + 1;
            if (chars + size > MAX_ERRORS_CHARS - 200) {
                list.add(Map.of("path", "", "message", (errors.size() - i) + " more errors not kept"));
                break;
            }
            chars += size;
            list.add(m);
        }
        return new String(ConfigDocuments.toJson(list), StandardCharsets.UTF_8);
    }

    /** The errors of a stored report. */
    static List<ConfigError> errors(String json) {
        try {
            Object v = ConfigDocuments.fromJson(json.getBytes(StandardCharsets.UTF_8));
            List<ConfigError> out = new ArrayList<>();
            if (v instanceof List<?> l) {
                for (Object o : l) {
                    if (o instanceof Map<?, ?> m) {
                        out.add(new ConfigError(String.valueOf(m.get("path")), String.valueOf(m.get("message"))));
                    }
                }
            }
            return out;
        } catch (ConfigDocumentException e) {
            return List.of(ConfigError.of("(stored errors unreadable: " + e.getMessage() + ")"));
        }
    }
}
