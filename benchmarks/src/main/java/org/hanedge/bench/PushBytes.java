package org.hanedge.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.hanedge.contract.config.ConfigDocuments;
import org.hanedge.contract.config.ConfigError;
import org.hanedge.contract.config.ConfigStatus;
import org.hanedge.contract.config.DesiredConfig;
import org.hanedge.contract.config.ReportedConfig;
import org.hanedge.contract.mqtt.ContentType;
import org.hanedge.contract.mqtt.PublishSize;
import org.hanedge.contract.mqtt.TopicKind;
import org.hanedge.contract.mqtt.Topics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * MQTT bytes of a push per gateway: the PUBLISH of the pushed version on {@code config/desired} plus the PUBLISHes of
 * the gateway's reports about that version on {@code config/reported} (APPLYING, then APPLIED or the failure), each
 * counted once as it crosses the gateway's link, as {@link PublishSize} counts a PUBLISH packet (fixed header, topic,
 * packet id, the JSON content type and payload format properties, payload). The payloads are the stored documents
 * written again by the contract's writer, as the server and the gateways write them (the server stores and publishes
 * the desired document as written; reports are stored with the gateway's time at millisecond precision, which the
 * virtual gateways send). PUBACKs and the broker's retained redeliveries are not counted.
 */
final class PushBytes {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String JSON_TYPE = ContentType.JSON.mime();

    private PushBytes() {
    }

    /** Total bytes over the targets divided by their number (0 without targets). */
    static double perGateway(DemoCity city, List<JsonNode> targets) {
        List<String> paths = new ArrayList<>();
        for (JsonNode t : targets) {
            String gw = t.path("gateway").asText();
            paths.add(versionPath(gw, t.path("version").asLong()));
            paths.add(reportsPath(gw));
        }
        Map<String, Optional<JsonNode>> answers = city.getAll(paths, 8);
        long total = 0;
        for (JsonNode t : targets) {
            String gw = t.path("gateway").asText();
            long version = t.path("version").asLong();
            JsonNode v = answers.get(versionPath(gw, version)).orElseThrow(
                    () -> new IllegalStateException("version " + version + " of " + gw + " not readable"));
            JsonNode reports = answers.get(reportsPath(gw)).orElseThrow(
                    () -> new IllegalStateException("reports of " + gw + " not readable"));
            total += of(gw, version, v, reports);
        }
        return targets.isEmpty() ? 0 : (double) total / targets.size();
    }

    private static String versionPath(String gw, long version) {
        return "/api/v1/gateways/" + gw + "/config/versions/" + version;
    }

    private static String reportsPath(String gw) {
        return "/api/v1/gateways/" + gw + "/config/reports?size=50";
    }

    /** The bytes of one gateway: its version's desired PUBLISH and its reports about it. */
    @SuppressWarnings("unchecked")
    static long of(String gw, long version, JsonNode v, JsonNode reports) {
        Map<String, Object> site = JSON.convertValue(v.path("site"), Map.class);
        Map<String, String> profiles = v.path("profileVersions").isObject()
                ? JSON.convertValue(v.path("profileVersions"), Map.class) : Map.of();
        byte[] desired = ConfigDocuments.write(new DesiredConfig(version, site, profiles, text(v, "author"),
                text(v, "reason"), v.hasNonNull("time") ? Instant.parse(v.path("time").asText()) : null));
        long bytes = PublishSize.of(Topics.of(gw, TopicKind.CONFIG_DESIRED), 1, JSON_TYPE, true, Map.of(),
                desired.length);
        for (JsonNode r : reports.path("items")) {
            if (r.path("version").asLong() != version) {
                continue;
            }
            List<ConfigError> errors = new ArrayList<>();
            r.path("errors").forEach(e -> errors.add(new ConfigError(e.path("path").asText(),
                    e.path("message").asText())));
            byte[] report = ConfigDocuments.write(new ReportedConfig(gw, version,
                    ConfigStatus.valueOf(r.path("status").asText()), errors, r.path("lastGood").asLong(),
                    Instant.parse(r.path("time").asText())));
            bytes += PublishSize.of(Topics.of(gw, TopicKind.CONFIG_REPORTED), 1, JSON_TYPE, true, Map.of(),
                    report.length);
        }
        return bytes;
    }

    private static String text(JsonNode n, String field) {
        return n.hasNonNull(field) ? n.path(field).asText() : null;
    }
}
