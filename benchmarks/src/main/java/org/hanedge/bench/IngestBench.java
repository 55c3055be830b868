package org.hanedge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.hanedge.gateway.api.profile.ChannelSpec;
import org.hanedge.gateway.api.profile.DeviceProfile;
import org.hanedge.gateway.api.profile.ValueKind;
import org.hanedge.gateway.profile.ProfileLoader;
import org.hanedge.simulators.fleet.FleetSnapshot;
import org.hanedge.simulators.fleet.VirtualFleet;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.sites.Site;
import org.hanedge.sites.SitesCsv;
import org.hanedge.sites.SitesCsvException;
import org.hanedge.testing.FleetServerProcess;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The fleet server (its executable jar, own JVM, H2 file database, embedded broker) under a virtual fleet speaking
 * the real MQTT contract, on this machine. Four phases: sustained ingest (readings stored per second, publish to
 * committed p99), many connected gateways, 30 days of history laid down in backfill mode, then query latency of a
 * 24-hour channel series and of the KPIs over 30 days through the REST API.
 */
@Command(name = "bench ingest", mixinStandardHelpOptions = true,
        description = "Fleet server ingest, connections and query benchmark.")
public final class IngestBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final String[] KINDS = { "intersection", "lake", "pump-station", "waste-truck", "fishing-boat" };

    @Option(names = "--fleet-jar", required = true, description = "the fleet server's executable jar")
    Path jar;
    @Option(names = "--profiles", required = true, description = "device profiles directory")
    Path profiles;
    @Option(names = "--dir", required = true, description = "working folder (emptied first)")
    Path dir;
    @Option(names = "--out", description = "JSON result file")
    Path out;
    @Option(names = "--heap", defaultValue = "3g", description = "server heap (default ${DEFAULT-VALUE})")
    String heap;
    @Option(names = "--ingest-gateways", defaultValue = "1000", description = "default ${DEFAULT-VALUE}")
    int ingestGateways;
    @Option(names = "--rate", defaultValue = "32", description = "readings/s per gateway (default ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--duration", defaultValue = "PT60S", description = "measured ingest window (default ${DEFAULT-VALUE})")
    Duration duration;
    @Option(names = "--connections", defaultValue = "10000", description = "gateways held connected (default ${DEFAULT-VALUE})")
    int connections;
    @Option(names = "--hold", defaultValue = "PT20S", description = "how long they are held (default ${DEFAULT-VALUE})")
    Duration hold;
    @Option(names = "--history-per-kind", defaultValue = "4", description = "history gateways per site kind (default ${DEFAULT-VALUE})")
    int historyPerKind;
    @Option(names = "--history-days", defaultValue = "30", description = "default ${DEFAULT-VALUE}")
    int historyDays;
    @Option(names = "--history-step", defaultValue = "PT5M", description = "one snapshot of every channel per step (default ${DEFAULT-VALUE})")
    Duration historyStep;
    @Option(names = "--queries", defaultValue = "200", description = "series queries measured (default ${DEFAULT-VALUE})")
    int queries;
    @Option(names = "--phases", defaultValue = "ingest,connections,history,queries", split = ",",
            description = "phases to run (default ${DEFAULT-VALUE}); queries needs history")
    List<String> phases;

    public static void main(String[] args) {
        System.exit(new CommandLine(new IngestBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        deleteTree(dir);
        Files.createDirectories(dir);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("benchmark", "ingest");
        result.put("time", Instant.now().toString());
        result.put("cpus", Runtime.getRuntime().availableProcessors());
        result.put("serverHeap", heap);
        List<String> ingestIds = ids("VF", ingestGateways);
        List<String> connIds = ids("VC", connections);
        Map<String, List<String>> historyIds = new LinkedHashMap<>();
        for (String kind : KINDS) {
            historyIds.put(kind, ids("H-" + kind.toUpperCase(Locale.ROOT), historyPerKind));
        }
        Path sites = writeSites(ingestIds, connIds, historyIds);
        say("starting the fleet server (heap " + heap + ", data in " + dir.resolve("server") + ")");
        try (FleetServerProcess server = FleetServerProcess.start(jar, dir.resolve("server"), profiles, sites, heap,
                "--logging.level.org.hanedge.fleet.ingest=WARN")) {
            if (phases.contains("ingest")) {
                result.put("ingest", ingestPhase(server, credentials(server, ingestIds, "lake")));
            }
            if (phases.contains("connections")) {
                result.put("connections", connectionPhase(server, credentials(server, connIds, "lake")));
            }
            if (phases.contains("history")) {
                result.put("history", historyPhase(server, historyIds));
            }
            if (phases.contains("queries")) {
                result.put("queries", queryPhase(server, historyIds));
            }
        }
        String json = JSON.writeValueAsString(result);
        System.out.println(json);
        if (out != null) {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Files.writeString(out, json);
            say("written to " + out);
        }
        return 0;
    }

    private Map<String, Object> ingestPhase(FleetServerProcess server, List<GatewayCredential> gws) throws Exception {
        say(String.format(Locale.ROOT, "[1/4] ingest: %d gateways x %.0f readings/s = %.0f readings/s offered, %d s",
                gws.size(), rate, gws.size() * rate, duration.toSeconds()));
        Map<String, Object> r = new LinkedHashMap<>();
        try (VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", server.mqttPort()).gateways(gws)
                .profiles(profiles).readingsPerSecond(rate).publishInterval(Duration.ofSeconds(1)).connectRate(1000)
                .maxInFlight(20).build()) {
            fleet.start();
            waitFor(() -> fleet.stats().connectedNow() >= gws.size(), Duration.ofSeconds(60), "gateways connected");
            pause(Duration.ofSeconds(10)); // warm-up
            double stored0 = server.metric("hanedge_ingest_readings_total");
            FleetSnapshot s0 = fleet.stats();
            long t0 = System.nanoTime();
            long end = t0 + duration.toNanos();
            while (System.nanoTime() < end) {
                pause(Duration.ofSeconds(5));
                FleetSnapshot s = fleet.stats();
                say(String.format(Locale.ROOT, "  %3d s: %.0f readings/s stored, %d in flight",
                        (System.nanoTime() - t0) / 1_000_000_000L,
                        (server.metric("hanedge_ingest_readings_total") - stored0) / ((System.nanoTime() - t0) / 1e9),
                        s.inFlight()));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            double stored = server.metric("hanedge_ingest_readings_total") - stored0;
            FleetSnapshot s1 = fleet.stats();
            r.put("gateways", gws.size());
            r.put("offeredReadingsPerS", gws.size() * rate);
            r.put("publishedReadingsPerS", round((s1.readingsAcked() - s0.readingsAcked()) / seconds));
            r.put("storedReadingsPerS", round(stored / seconds));
            r.put("seconds", round(seconds));
            r.put("latencyP50Ms", round(server.metric("hanedge_ingest_latency_seconds{quantile=\"0.5\"") * 1000));
            r.put("latencyP99Ms", round(server.metric("hanedge_ingest_latency_seconds{quantile=\"0.99\"") * 1000));
            r.put("publishFailures", s1.messagesFailed());
            r.put("deadLetters", server.metric("hanedge_ingest_dead_letters_total"));
            fleet.stop(Duration.ofSeconds(5));
        }
        say("  " + r);
        return r;
    }

    private Map<String, Object> connectionPhase(FleetServerProcess server, List<GatewayCredential> gws)
            throws Exception {
        say("[2/4] connections: " + gws.size() + " gateways, 1 reading every 10 s each, held " + hold.toSeconds() + " s");
        Map<String, Object> r = new LinkedHashMap<>();
        try (VirtualFleet fleet = VirtualFleet.builder().broker("127.0.0.1", server.mqttPort()).gateways(gws)
                .profiles(profiles).readingsPerSecond(0.1).publishInterval(Duration.ofSeconds(10)).connectRate(1000)
                .build()) {
            long t0 = System.nanoTime();
            fleet.start();
            waitFor(() -> fleet.stats().connectedNow() >= gws.size() || fleet.stats().connectFailures() > 0
                    && fleet.stats().connectAttempts() >= gws.size(), Duration.ofSeconds(120), "gateways connected");
            double connectS = (System.nanoTime() - t0) / 1e9;
            pause(hold);
            FleetSnapshot s = fleet.stats();
            r.put("gateways", gws.size());
            r.put("connectedHeld", s.connectedNow());
            r.put("maxConnected", s.maxConnected());
            r.put("connectFailures", s.connectFailures());
            r.put("connectionsLost", s.connectionsLost());
            r.put("secondsToConnectAll", round(connectS));
            r.put("brokerConnections", server.metric("hanedge_broker_connections{role=\"GATEWAY\""));
            r.put("gatewaysOnline", server.metric("hanedge_gateways_online"));
            fleet.stop(Duration.ofSeconds(10));
        }
        say("  " + r);
        return r;
    }

    private Map<String, Object> historyPhase(FleetServerProcess server, Map<String, List<String>> ids) throws Exception {
        long steps = Duration.ofDays(historyDays).toMillis() / historyStep.toMillis();
        say("[3/4] history: " + historyDays + " days, a snapshot every " + historyStep.toMinutes() + " min, "
                + ids.values().stream().mapToInt(List::size).sum() + " gateways of 5 kinds (backfill)");
        Instant from = Instant.now().minus(Duration.ofDays(historyDays));
        List<VirtualFleet> fleets = new ArrayList<>();
        long readings = 0;
        double stored0 = server.metric("hanedge_ingest_readings_total");
        long t0 = System.nanoTime();
        try {
            for (Map.Entry<String, List<String>> e : ids.entrySet()) {
                DeviceProfile p = ProfileLoader.load(profiles.resolve(e.getKey() + ".yaml"));
                int channels = (int) p.channels().stream().filter(c -> c.kind() != ValueKind.TEXT).count();
                VirtualFleet f = VirtualFleet.builder().broker("127.0.0.1", server.mqttPort())
                        .gateways(credentials(server, e.getValue(), e.getKey())).profiles(profiles)
                        .readingsPerSecond(channels * 100.0).publishInterval(Duration.ofMillis(10)).maxInFlight(20)
                        .backfill(from, historyStep).build();
                readings += steps * channels * e.getValue().size();
                fleets.add(f);
                f.start();
            }
            long target = readings;
            waitFor(() -> fleets.stream().mapToLong(f -> f.stats().readingsAcked()).sum() >= target,
                    Duration.ofMinutes(20), "history published");
        } finally {
            fleets.forEach(f -> f.stop(Duration.ofSeconds(5)));
        }
        double published = fleets.stream().mapToLong(f -> f.stats().readingsAcked()).sum();
        waitFor(() -> server.metric("hanedge_ingest_readings_total") - stored0 >= published, Duration.ofMinutes(5),
                "history stored");
        double seconds = (System.nanoTime() - t0) / 1e9;
        long r0 = System.nanoTime();
        waitFor(() -> server.metric("hanedge_rollup_lag_seconds") < 6, Duration.ofMinutes(15), "rollups caught up");
        double rollupSeconds = (System.nanoTime() - r0) / 1e9;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("days", historyDays);
        r.put("stepMinutes", historyStep.toMinutes());
        r.put("readings", (long) published);
        r.put("seconds", round(seconds));
        r.put("readingsPerS", round(published / seconds));
        r.put("rollupsCaughtUpAfterS", round(rollupSeconds));
        say("  " + r);
        return r;
    }

    private Map<String, Object> queryPhase(FleetServerProcess server, Map<String, List<String>> ids) throws Exception {
        say("[4/4] queries: " + queries + " 24-hour channel series, 20 KPI queries over " + historyDays + " days");
        Random random = new Random(1);
        List<String[]> series = new ArrayList<>();
        for (Map.Entry<String, List<String>> e : ids.entrySet()) {
            DeviceProfile p = ProfileLoader.load(profiles.resolve(e.getKey() + ".yaml"));
            for (String gw : e.getValue()) {
                for (ChannelSpec c : p.channels()) {
                    if (c.kind() == ValueKind.NUMBER) {
                        series.add(new String[] { gw, e.getKey() + "-1", c.name() });
                    }
                }
            }
        }
        Instant now = Instant.now();
        JsonNode sample = server.get(seriesPath(series.get(0), now));
        long[] seriesNanos = new long[queries];
        for (int i = -10; i < queries; i++) {
            long t = server.timedGet(seriesPath(series.get(random.nextInt(series.size())), now));
            if (i >= 0) {
                seriesNanos[i] = t;
            }
        }
        String kpiPath = "/api/v1/kpis?from=" + now.minus(Duration.ofDays(historyDays)) + "&to=" + now;
        long[] kpiNanos = new long[20];
        for (int i = -3; i < kpiNanos.length; i++) {
            long t = server.timedGet(kpiPath);
            if (i >= 0) {
                kpiNanos[i] = t;
            }
        }
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("seriesPoints", sample.path("points").size());
        r.put("seriesResolution", sample.path("resolution").asText());
        r.put("series24hP50Ms", percentileMs(seriesNanos, 0.50));
        r.put("series24hP95Ms", percentileMs(seriesNanos, 0.95));
        r.put("series24hP99Ms", percentileMs(seriesNanos, 0.99));
        r.put("kpi30dP50Ms", percentileMs(kpiNanos, 0.50));
        r.put("kpi30dP95Ms", percentileMs(kpiNanos, 0.95));
        say("  " + r);
        return r;
    }

    private static String seriesPath(String[] s, Instant now) {
        return "/api/v1/gateways/" + s[0] + "/series?device=" + s[1] + "&channel=" + s[2] + "&from="
                + now.minus(Duration.ofHours(24)) + "&to=" + now;
    }

    private List<GatewayCredential> credentials(FleetServerProcess server, List<String> ids, String profile)
            throws Exception {
        List<GatewayCredential> out = new ArrayList<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<String> chunk = ids.subList(i, Math.min(ids.size(), i + 1000));
            JsonNode issued = server.post("/api/v1/admin/mqtt-credentials/gateways",
                    JSON.writeValueAsString(Map.of("gatewayIds", chunk)));
            for (JsonNode c : issued) {
                out.add(new GatewayCredential(c.get("username").asText(), c.get("password").asText(), profile,
                        profile + "-1"));
            }
        }
        return out;
    }

    private Path writeSites(List<String> ingest, List<String> conn, Map<String, List<String>> history)
            throws SitesCsvException {
        List<Site> sites = new ArrayList<>();
        for (String id : ingest) {
            sites.add(new Site(id, "lake", "Virtual lake " + id, null, "Hai Chau", 16.05, 108.2, "lake", "bench"));
        }
        for (String id : conn) {
            sites.add(new Site(id, "lake", "Virtual lake " + id, null, "Son Tra", 16.1, 108.25, "lake", "bench"));
        }
        history.forEach((kind, ids) -> ids.forEach(id -> sites.add(new Site(id, kind, "Bench " + id, null, "Hai Chau",
                16.06, 108.21, kind, "bench"))));
        Path f = dir.resolve("sites.csv");
        SitesCsv.write(f, sites);
        return f;
    }

    private static List<String> ids(String prefix, int n) {
        List<String> ids = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            ids.add(String.format(Locale.ROOT, "%s-%05d", prefix, i));
        }
        return ids;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void waitFor(Check check, Duration max, String what) throws Exception {
        long end = System.nanoTime() + max.toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("timed out after " + max.toSeconds() + " s waiting for " + what);
            }
            pause(Duration.ofMillis(200));
        }
    }

    private static void pause(Duration d) throws InterruptedException {
        Thread.sleep(d.toMillis());
    }

    private static double percentileMs(long[] nanos, double p) {
        long[] s = nanos.clone();
        java.util.Arrays.sort(s);
        return round(s[Math.min(s.length - 1, (int) Math.ceil(p * s.length) - 1)] / 1e6);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static void say(String s) {
        System.err.println("bench ingest: " + s);
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path f : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
