package org.hanedge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 15's group push to the whole demo city: the demo (fleet server, 5 real gateway runtimes, the virtual fleet of
 * the other sites) started by its own launcher; once every online gateway reports its version 1 (the demo's seed)
 * {@code APPLIED}, the fleet layer's {@code remoteConfig.healthWindow} is changed and pushed to group {@code fleet};
 * then the time until 50 %, 99 % and 100 % of the online gateways have reported the new version applied (or failed),
 * from the server's receive time of each report, the fleet server's CPU time meanwhile and the MQTT bytes per gateway
 * ({@link PushFigures}).
 */
@Command(name = "bench config-push", mixinStandardHelpOptions = true,
        description = "Push a configuration to every gateway of the demo city; time to 50/99/100 % applied.")
public final class ConfigPushBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final Set<String> FINISHED = Set.of("APPLIED", "ROLLED_BACK", "REJECTED", "DRIFT");

    @Option(names = "--dir", required = true, description = "the demo's data directory (started fresh)")
    Path dir;
    @Option(names = "--out", description = "JSON result file")
    Path out;
    @Option(names = "--root", description = "the checkout (default: -Dhanedge.root or .)")
    Path root = Path.of(System.getProperty("hanedge.root", "."));
    @Option(names = "--http-port", defaultValue = "18480", description = "demo HTTP port (default ${DEFAULT-VALUE})")
    int httpPort;
    @Option(names = "--mqtt-port", defaultValue = "18483", description = "demo MQTT port (default ${DEFAULT-VALUE})")
    int mqttPort;
    @Option(names = "--sim-port", defaultValue = "18500", description = "first simulator port (default ${DEFAULT-VALUE})")
    int simPort;
    @Option(names = "--health-window", defaultValue = "45s",
            description = "the fleet layer's remoteConfig.healthWindow pushed (default ${DEFAULT-VALUE})")
    String healthWindow;
    @Option(names = "--timeout", defaultValue = "PT120S", description = "longest wait for the push (default ${DEFAULT-VALUE})")
    Duration timeout;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ConfigPushBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Path log = dir.toAbsolutePath().resolveSibling(dir.getFileName() + "-demo.log");
        System.out.println("config-push: starting the demo city (output in " + log + ")");
        try (DemoCity city = DemoCity.start(root.toAbsolutePath().normalize(), dir.toAbsolutePath(), log, httpPort,
                mqttPort, simPort)) {
            System.out.println("  " + city.awaitOutput("hanedge demo: ready in", Duration.ofMinutes(10)).trim());
            String seeded = city.awaitOutput("stored as version 1", Duration.ofMinutes(5)).trim();
            System.out.println("  " + seeded);
            List<String> online = online(city);
            awaitVersionOneApplied(city, online);

            city.send("PUT", "/api/v1/config/layers/fleet", Map.of("document",
                    Map.of("remoteConfig", Map.of("healthWindow", healthWindow)), "reason", "bench config-push"));
            ProcessHandle server = city.fleetServer();
            double cpu0 = DemoCity.cpuSeconds(server);
            long t0 = System.currentTimeMillis();
            JsonNode push = city.send("POST", "/api/v1/config/pushes", Map.of("group", "fleet", "reason",
                    "bench config-push: healthWindow " + healthWindow));
            long answered = System.currentTimeMillis();
            long id = push.path("id").asLong();
            System.out.printf("  push %d to group fleet answered in %.2f s%n", id, (answered - t0) / 1000.0);
            Set<String> onlineSet = new LinkedHashSet<>(online);
            JsonNode state = push;
            double cpu1 = cpu0;
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                JsonNode s = city.get("/api/v1/config/pushes/" + id).orElse(null);
                double cpu = DemoCity.cpuSeconds(server);
                if (s != null) {
                    state = s;
                    cpu1 = cpu;
                    if (targets(state, onlineSet).stream().allMatch(g -> FINISHED.contains(g.path("state").asText()))) {
                        break;
                    }
                }
                Thread.sleep(200);
            }
            List<JsonNode> targets = targets(state, onlineSet);
            System.out.println("  counting the bytes of " + targets.size() + " gateways (versions and reports)...");
            PushFigures figures = PushFigures.of(t0, targets, cpu1 - cpu0, PushBytes.perGateway(city, targets),
                    state.path("counts"));
            System.out.println(figures.text());
            if (out != null) {
                Files.createDirectories(out.toAbsolutePath().getParent());
                Files.writeString(out, JSON.writeValueAsString(figures.json()));
                System.out.println("written to " + out);
            }
            return figures.complete() ? 0 : 1;
        }
    }

    /** The push's gateways it stored a version for that were online when it started. */
    private static List<JsonNode> targets(JsonNode push, Set<String> online) {
        List<JsonNode> t = new ArrayList<>();
        for (JsonNode g : push.path("gateways")) {
            if ("STORED".equals(g.path("outcome").asText()) && online.contains(g.path("gateway").asText())) {
                t.add(g);
            }
        }
        return t;
    }

    private static List<String> online(DemoCity city) throws InterruptedException {
        List<String> ids = new ArrayList<>();
        for (int page = 0;; page++) {
            JsonNode p = city.get("/api/v1/gateways?online=true&size=1000&page=" + page).orElseThrow(
                    () -> new IllegalStateException("the gateway list did not answer"));
            p.path("items").forEach(g -> ids.add(g.path("id").asText()));
            if (p.path("items").size() < 1000) {
                return ids;
            }
        }
    }

    /** Waits (at most 5 minutes) until every online gateway is in sync with its latest version (the seed's 1). */
    private static void awaitVersionOneApplied(DemoCity city, List<String> online) throws InterruptedException {
        long t = System.nanoTime();
        long deadline = t + Duration.ofMinutes(5).toNanos();
        Map<String, Boolean> inSync = new LinkedHashMap<>();
        online.forEach(g -> inSync.put(g, false));
        while (true) {
            List<String> paths = inSync.entrySet().stream().filter(e -> !e.getValue())
                    .map(e -> "/api/v1/gateways/" + e.getKey() + "/config").toList();
            Map<String, java.util.Optional<JsonNode>> answers = city.getAll(paths, 8);
            for (Map.Entry<String, Boolean> e : inSync.entrySet()) {
                java.util.Optional<JsonNode> a = answers.get("/api/v1/gateways/" + e.getKey() + "/config");
                if (a != null) {
                    e.setValue(a.map(c -> c.path("inSync").asBoolean()).orElse(false));
                }
            }
            long n = inSync.values().stream().filter(b -> b).count();
            if (n == online.size()) {
                System.out.printf("  %d online gateways in sync with their version 1 (%.0f s)%n", n,
                        (System.nanoTime() - t) / 1e9);
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(n + " of " + online.size() + " online gateways in sync after 5 "
                        + "minutes; not in sync: " + inSync.entrySet().stream().filter(e -> !e.getValue())
                        .map(Map.Entry::getKey).limit(10).toList());
            }
            Thread.sleep(1000);
        }
    }
}
