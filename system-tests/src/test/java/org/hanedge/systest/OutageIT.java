package org.hanedge.systest;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.hanedge.testing.UplinkSubscriber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The demo's outage scenario end to end, smaller and faster than the demo city but the same command: the fleet
 * server, two real gateway runtimes on their simulators (INT-001 and PS-01, both in Hai Chau) and ten virtual
 * gateways (five of them in Hai Chau), simulated time 20x, so Hai Chau's uplink is cut for ten simulated minutes
 * (30 s). A backend client watching the broker (as the city backend would) sees what the gateways sent; every reading
 * they took during the outage must be stored by the server exactly once, with no sequence number missing.
 */
class OutageIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String DISTRICT = "Hai Chau";
    private static final List<String> REAL_IN_DISTRICT = List.of("INT-001", "PS-01");
    private static final Pattern EVENT = Pattern.compile("^(\\S+) (outage-\\w+) ", Pattern.MULTILINE);

    @TempDir
    Path data;

    @Test
    void everyReadingTakenDuringTheOutageReachesTheServerExactlyOnce() throws Exception {
        try (DemoLauncher demo = new DemoLauncher(data, "--kinds", "intersection,pump-station", "--virtual", "10",
                "--scenario", "outage", "--speed", "20")) {
            demo.awaitOutput("fleet server ready in", Duration.ofSeconds(120));
            JsonNode cred = demo.postAsAdmin("/api/v1/admin/mqtt-credentials/backend", "{\"name\":\"outage-it\"}");
            try (UplinkSubscriber backend = UplinkSubscriber.backend(demo.brokerUri(),
                    cred.get("username").asText(), cred.get("password").asText())) {
                demo.awaitOutput("hanedge demo: ready in", Duration.ofSeconds(150));
                List<String> district = new ArrayList<>(REAL_IN_DISTRICT);
                district.addAll(virtualGatewaysIn(data.resolve("sites/virtual-credentials-district.csv")));
                assertEquals(7, district.size(), "2 real and 5 virtual gateways in Hai Chau: " + district);

                Instant cut = awaitEvent("outage-cut", Duration.ofSeconds(60));
                await("Hai Chau's gateways all offline during the cut").atMost(Duration.ofSeconds(25))
                        .pollInterval(Duration.ofMillis(300)).until(() -> onlineIn(demo) == 0);
                Instant restored = awaitEvent("outage-restored", Duration.ofSeconds(60));
                assertTrue(Duration.between(cut, restored).toSeconds() >= 25, cut + " .. " + restored);

                // the backlogs drained: each gateway delivered a reading taken after the restore, and nothing before it
                // from the outage on is missing
                for (String gateway : district) {
                    await(gateway + " delivered its backlog").atMost(Duration.ofSeconds(180))
                            .pollInterval(Duration.ofMillis(500))
                            .untilAsserted(() -> assertDelivered(backend, gateway, cut, restored));
                }
                for (String gateway : district) {
                    await(gateway + ": the outage's readings stored exactly once").atMost(Duration.ofSeconds(30))
                            .pollInterval(Duration.ofSeconds(1))
                            .untilAsserted(() -> assertStoredExactlyOnce(demo, backend, gateway, cut, restored));
                }
                assertEquals(List.of(), backend.conflicts(), "a sequence number reused with other content");
                assertEquals(List.of(), backend.errors(), "messages that did not decode");
                assertEquals(district.size(), onlineIn(demo), "every gateway of the district back online");
                for (String gateway : REAL_IN_DISTRICT) {
                    JsonNode outbox = demo.get("/api/v1/gateways/" + gateway + "/overview").get("outbox");
                    outbox.get("drops").forEach(d -> assertEquals(0, d.asLong(), gateway + " drops " + outbox));
                }
                // and the demo saw it too, from the gateways' stats and the virtual fleet's report
                awaitEvent("outage-drained", Duration.ofSeconds(120));
            }
            demo.stopWithSigtermAndCheck(new ArrayList<>(demo.process().descendants().toList()),
                    List.of(demo.httpPort, demo.mqttPort));
            // the district's virtual gateways: nothing left in a backlog, nothing dropped (their last report, at the stop)
            JsonNode report = JSON.readTree(data.resolve("virtual-fleet-district-report.json").toFile());
            assertFalse(report.get("running").asBoolean(), report.toString());
            assertEquals(5, report.get("gateways").size(), report.toString());
            for (JsonNode g : report.get("gateways")) {
                assertEquals(0, g.get("backlogReadings").asLong(), g.toString());
                assertEquals(0, g.get("readingsDropped").asLong(), g.toString());
                assertEquals(g.get("readingsTaken").asLong(), g.get("readingsAcked").asLong(), g.toString());
            }
        }
    }

    /** The readings {@code gateway} took during the outage, as the backend saw them: distinct by sequence number. */
    private static Map<Long, UplinkSubscriber.Record> outageReadings(UplinkSubscriber backend, String gateway,
            Instant cut, Instant restored) {
        Map<Long, UplinkSubscriber.Record> bySeq = new TreeMap<>();
        for (UplinkSubscriber.Record r : backend.records(gateway)) {
            long t = Math.round(r.time() * 1000);
            if (t >= cut.toEpochMilli() && t < restored.toEpochMilli() && r.value() != null
                    && (r.value().isNumber() || r.value().isBoolean())) {
                bySeq.putIfAbsent(r.seq(), r);
            }
        }
        return bySeq;
    }

    /**
     * {@code gateway} took readings during the outage, delivered one taken after the restore, and no sequence number is
     * missing from its first outage reading to the highest it sent: everything it took in between was delivered.
     */
    private static void assertDelivered(UplinkSubscriber backend, String gateway, Instant cut, Instant restored) {
        Map<Long, UplinkSubscriber.Record> outage = outageReadings(backend, gateway, cut, restored);
        assertFalse(outage.isEmpty(), gateway + ": no reading taken during the outage delivered yet");
        assertTrue(backend.records(gateway).stream().anyMatch(r -> r.time() * 1000 > restored.toEpochMilli() + 1000),
                gateway + ": no reading taken after the restore delivered yet");
        NavigableSet<Long> seqs = backend.seqs(gateway).tailSet(outage.keySet().iterator().next(), true);
        assertEquals(seqs.last() - seqs.first() + 1, seqs.size(), gateway + ": sequence numbers missing between "
                + seqs.first() + " and " + seqs.last());
    }

    /**
     * The readings {@code gateway} took during the outage are each in the server's raw series once, and the server
     * holds no other reading of that window.
     */
    private static void assertStoredExactlyOnce(DemoLauncher demo, UplinkSubscriber backend, String gateway,
            Instant cut, Instant restored) throws IOException, InterruptedException {
        long from = cut.toEpochMilli();
        long to = restored.toEpochMilli();
        Map<String, List<Long>> taken = new LinkedHashMap<>();
        outageReadings(backend, gateway, cut, restored).values().forEach(r -> taken
                .computeIfAbsent(r.device() + "/" + r.channel(), k -> new ArrayList<>()).add(Math.round(r.time() * 1000)));
        for (Map.Entry<String, List<Long>> e : taken.entrySet()) {
            String[] dc = e.getKey().split("/", 2);
            JsonNode series = demo.get("/api/v1/gateways/" + gateway + "/series?device=" + dc[0] + "&channel=" + dc[1]
                    + "&from=" + Instant.ofEpochMilli(from - 1000) + "&to=" + Instant.ofEpochMilli(to + 1000)
                    + "&step=PT1S");
            assertEquals("raw", series.get("resolution").asText());
            List<Long> stored = new ArrayList<>();
            for (JsonNode p : series.get("points")) {
                long t = Instant.parse(p.get("t").asText()).toEpochMilli();
                if (t >= from && t < to) {
                    stored.add(t);
                }
            }
            List<Long> expected = new ArrayList<>(e.getValue());
            expected.sort(null);
            stored.sort(null);
            assertEquals(expected, stored, gateway + " " + e.getKey() + ": readings taken during the outage vs stored");
        }
    }

    private Instant awaitEvent(String name, Duration atMost) {
        Instant[] at = new Instant[1];
        await(name + " in scenario.log").atMost(atMost).pollInterval(Duration.ofMillis(300)).until(() -> {
            Path log = data.resolve("scenario.log");
            if (!Files.exists(log)) {
                return false;
            }
            Matcher m = EVENT.matcher(Files.readString(log));
            while (m.find()) {
                if (m.group(2).equals(name)) {
                    at[0] = Instant.parse(m.group(1));
                    return true;
                }
            }
            return false;
        });
        return at[0];
    }

    private static int onlineIn(DemoLauncher demo) throws IOException, InterruptedException {
        return demo.get("/api/v1/gateways?online=true&size=1&district="
                + URLEncoder.encode(DISTRICT, StandardCharsets.UTF_8)).get("total").asInt();
    }

    private static List<String> virtualGatewaysIn(Path credentials) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(credentials)) {
            if (!line.isBlank() && !line.startsWith("#") && !line.startsWith("gateway_id")) {
                ids.add(line.substring(0, line.indexOf(',')));
            }
        }
        return ids;
    }
}
