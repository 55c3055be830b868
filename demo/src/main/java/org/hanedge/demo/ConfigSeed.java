package org.hanedge.demo;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

import org.hanedge.sites.CredentialsCsv;
import org.hanedge.sites.CredentialsCsvException;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.sites.VirtualSiteDocument;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Stores every gateway's current site document on the fleet server as its version 1 ({@code PUT
 * /api/v1/gateways/{id}/config}, reason {@value #REASON}, as the demo's login), so an operator has a configuration to
 * edit and a group push reaches every gateway: the real gateways' site files (the uplink credential left out, as it
 * is never pushed) and each virtual gateway's {@link VirtualSiteDocument}. A gateway that already has a version (a demo
 * started again on its data) keeps it ({@code expectedVersion 0}: 409). Runs in the background, {@value #PARALLEL}
 * requests at a time; the server publishes each version, and the gateways answer APPLYING then APPLIED.
 */
final class ConfigSeed {
    static final String REASON = "site file at demo start";
    static final int PARALLEL = 16;
    private static final List<String> CREDENTIAL = List.of("username", "password", "tls");

    /** What the seed did. */
    record Result(int stored, int kept, int failed, long millis) {
        String text() {
            return "configurations: " + stored + " stored as version 1" + (kept > 0 ? ", " + kept
                    + " kept (already had one)" : "") + (failed > 0 ? ", " + failed + " refused or failed" : "")
                    + " in " + String.format(java.util.Locale.ROOT, "%.1f", millis / 1000.0) + " s";
        }
    }

    private final FleetApi api;
    private final Console console;

    ConfigSeed(FleetApi api, Console console) {
        this.api = api;
        this.console = console;
    }

    /** The site document of a site file: its tree without {@code uplink.username}, {@code password}, {@code tls}. */
    static Map<String, Object> siteDocument(Path siteFile) throws IOException {
        Object tree;
        try (Reader in = Files.newBufferedReader(siteFile)) {
            tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
        }
        if (!(tree instanceof Map<?, ?> m)) {
            throw new IOException(siteFile + " is not a site file (no mapping at the top)");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> doc = new LinkedHashMap<>((Map<String, Object>) m);
        if (doc.get("uplink") instanceof Map<?, ?> u) {
            Map<?, ?> uplink = new LinkedHashMap<>(u);
            CREDENTIAL.forEach(uplink::remove);
            doc.put("uplink", uplink);
        }
        return doc;
    }

    /**
     * Starts the seed in the background and logs its progress (every 25 %) and its result.
     *
     * @param real      the real gateways and their site files
     * @param virtual   the virtual fleet's credentials file, or null
     * @param broker    the virtual gateways' uplink broker
     */
    CompletableFuture<Result> start(Map<String, Path> real, Path virtual, String broker) {
        return CompletableFuture.supplyAsync(() -> run(real, virtual, broker));
    }

    private Result run(Map<String, Path> real, Path virtual, String broker) {
        long t0 = System.nanoTime();
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : real.entrySet()) {
            try {
                docs.put(e.getKey(), siteDocument(e.getValue()));
            } catch (IOException x) {
                console.note("configuration of " + e.getKey() + " not stored: " + x.getMessage());
            }
        }
        if (virtual != null) {
            try {
                for (GatewayCredential c : CredentialsCsv.read(virtual, "lake", 0)) {
                    docs.put(c.gatewayId(), VirtualSiteDocument.of(c.gatewayId(), c.profile(), c.deviceId(), broker));
                }
            } catch (CredentialsCsvException x) {
                console.note("configurations of the virtual gateways not stored: " + x.getMessage());
            }
        }
        AtomicInteger stored = new AtomicInteger();
        AtomicInteger kept = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        Semaphore window = new Semaphore(PARALLEL);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        int total = docs.size();
        for (Map.Entry<String, Map<String, Object>> e : docs.entrySet()) {
            window.acquireUninterruptibly();
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("site", e.getValue());
            body.put("reason", REASON);
            body.put("expectedVersion", 0);
            all.add(api.send("PUT", "/api/v1/gateways/" + e.getKey() + "/config", body).handle((a, x) -> {
                window.release();
                if (x == null && a.status() / 100 == 2) {
                    stored.incrementAndGet();
                } else if (x == null && a.status() == 409) {
                    kept.incrementAndGet();
                } else if (failed.incrementAndGet() <= 3) {
                    console.note("configuration of " + e.getKey() + " not stored: "
                            + (x != null ? x.toString() : a.status() + " " + a.body()));
                }
                int n = done.incrementAndGet();
                if (total >= 100 && n % (total / 4) == 0 && n < total) {
                    console.detail("configurations: " + n + " of " + total + " sent");
                }
                return null;
            }));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        Result r = new Result(stored.get(), kept.get(), failed.get(), (System.nanoTime() - t0) / 1_000_000);
        console.detail(r.text());
        return r;
    }
}
