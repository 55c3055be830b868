package org.hanedge.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
    static double perGateway(DemoCity city, List<JsonNode> targets) throws InterruptedException {
        long total = 0;
        for (JsonNode t : targets) {
            total += of(city, t.path("gateway").asText(), t.path("version").asLong());
        }
        return targets.isEmpty() ? 0 : (double) total / targets.size();
    }

    @SuppressWarnings("unchecked")
    static long of(DemoCity city, String gw, long version) throws InterruptedException {
        JsonNode v = city.get("/api/v1/gateways/" + gw + "/config/versions/" + version).orElseThrow(
                () -> new IllegalStateException("version " + version + " of " + gw + " not readable"));
        Map<String, Object> site = JSON.convertValue(v.path("site"), Map.class);
        Map<String, String> profiles = v.path("profileVersions").isObject()
                ? JSON.convertValue(v.path("profileVersions"), Map.class) : Map.of();
        byte[] desired = ConfigDocuments.write(new DesiredConfig(version, site, profiles, text(v, "author"),
                text(v, "reason"), v.hasNonNull("time") ? Instant.parse(v.path("time").asText()) : null));
        long bytes = PublishSize.of(Topics.of(gw, TopicKind.CONFIG_DESIRED), 1, JSON_TYPE, true, Map.of(),
                desired.length);
        JsonNode reports = city.get("/api/v1/gateways/" + gw + "/config/reports?size=50").orElseThrow(
                () -> new IllegalStateException("reports of " + gw + " not readable"));
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
