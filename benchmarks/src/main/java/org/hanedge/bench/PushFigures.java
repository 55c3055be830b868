package org.hanedge.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The figures of one push: for the online gateways it stored a version for ({@code gateways}), the seconds from the
 * push request until 50 %, 99 % and 100 % of them had a report about the new version that ends it (APPLIED, or a
 * failure: ROLLED_BACK, REJECTED, DRIFT; {@code failed} counts those), by the server's receive time of each report;
 * null when that share never finished. {@code serverCpuSeconds}: the fleet server process's CPU time (user + system)
 * from just before the push request to the poll that saw the last gateway finish (the bench's polls of the push state
 * included). {@code bytesPerGateway}: {@link PushBytes}.
 */
record PushFigures(int gateways, Double secondsTo50, Double secondsTo99, Double secondsTo100, int failed, int applied,
        double serverCpuSeconds, double bytesPerGateway, Map<String, Long> counts) {

    static PushFigures of(long t0, List<JsonNode> targets, double cpu, double bytes, JsonNode countsNode) {
        List<Double> done = new ArrayList<>();
        int failed = 0;
        int applied = 0;
        for (JsonNode g : targets) {
            String state = g.path("state").asText();
            JsonNode r = g.path("reported");
            boolean finished = switch (state) {
                case "APPLIED" -> {
                    applied++;
                    yield true;
                }
                case "ROLLED_BACK", "REJECTED", "DRIFT" -> {
                    failed++;
                    yield true;
                }
                default -> false;
            };
            if (finished && r.hasNonNull("receivedAt")) {
                done.add((Instant.parse(r.path("receivedAt").asText()).toEpochMilli() - t0) / 1000.0);
            }
        }
        Collections.sort(done);
        int n = targets.size();
        Map<String, Long> counts = new LinkedHashMap<>();
        countsNode.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asLong()));
        return new PushFigures(n, share(done, n, 0.5), share(done, n, 0.99), share(done, n, 1.0), failed, applied,
                cpu, bytes, counts);
    }

    private static Double share(List<Double> done, int n, double share) {
        int need = (int) Math.ceil(share * n);
        if (n == 0 || done.size() < need) {
            return null;
        }
        return done.get(Math.max(0, need - 1));
    }

    boolean complete() {
        return gateways > 0 && secondsTo100 != null;
    }

    String text() {
        return String.format(Locale.ROOT, "config-push: %d online gateways, %d applied, %d failed; 50 %% in %s s, "
                + "99 %% in %s s, 100 %% in %s s; fleet server CPU %.2f s; %.0f bytes per gateway; push states %s",
                gateways, applied, failed, s(secondsTo50), s(secondsTo99), s(secondsTo100), serverCpuSeconds,
                bytesPerGateway, counts);
    }

    private static String s(Double d) {
        return d == null ? "(never)" : String.format(Locale.ROOT, "%.2f", d);
    }

    Map<String, Object> json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("gateways", gateways);
        m.put("secondsTo50", secondsTo50);
        m.put("secondsTo99", secondsTo99);
        m.put("secondsTo100", secondsTo100);
        m.put("failed", failed);
        m.put("applied", applied);
        m.put("serverCpuSeconds", Math.round(serverCpuSeconds * 100) / 100.0);
        m.put("bytesPerGateway", Math.round(bytesPerGateway));
        m.put("pushStates", counts);
        m.put("definitions", Map.of(
                "gateways", "online gateways the push stored a new version for",
                "secondsToN", "seconds from the push request until N % of them had a report about the new version "
                        + "ending it (APPLIED, or ROLLED_BACK/REJECTED/DRIFT), by the server's receive time",
                "serverCpuSeconds", "fleet server process CPU (user+system, /proc/PID/stat) from the push request "
                        + "to the poll that saw the last gateway finish",
                "bytesPerGateway", "MQTT PUBLISH bytes per gateway (PublishSize: header, topic, packet id, "
                        + "properties, payload): the desired document of the new version plus the gateway's reports "
                        + "about it; PUBACKs and retained redeliveries not counted"));
        return m;
    }
}
