package org.hanedge.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hanedge.bench.kill.KillFigures;
import org.hanedge.bench.kill.KillSettings;
import org.hanedge.bench.kill.KillSoak;
import org.hanedge.bench.kill.KillStore;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Issue 14's SIGKILL soak ({@link KillSoak}): the fleet server killed {@code --rounds} times under a virtual fleet's
 * sustained ingest, on H2 and/or PostgreSQL; figures printed and written as {@code kill-STORE.json} beside
 * {@code --out}. Exit code 1 when an acknowledged reading is missing or anything else is inconsistent.
 */
@Command(name = "bench kill", mixinStandardHelpOptions = true,
        description = "SIGKILL the fleet server under load, restart it on the same data, count what was lost.")
public final class KillBench implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Option(names = "--fleet-jar", required = true, description = "the fleet server's executable jar")
    Path jar;
    @Option(names = "--profiles", required = true, description = "device profiles directory")
    Path profiles;
    @Option(names = "--dir", required = true, description = "working folder (emptied first)")
    Path dir;
    @Option(names = "--out", description = "JSON result file; kill-STORE.json are written beside it")
    Path out;
    @Option(names = "--store", defaultValue = "both", description = "h2, pg or both (default ${DEFAULT-VALUE})")
    String store;
    @Option(names = "--rounds", defaultValue = "20", description = "SIGKILLs per store (default ${DEFAULT-VALUE})")
    int rounds;
    @Option(names = "--gateways", defaultValue = "80", description = "virtual gateways (default ${DEFAULT-VALUE})")
    int gateways;
    @Option(names = "--rate", defaultValue = "10", description = "readings/s per gateway (default ${DEFAULT-VALUE})")
    double rate;
    @Option(names = "--interval", defaultValue = "PT0.5S", description = "publish interval (default ${DEFAULT-VALUE})")
    Duration interval;
    @Option(names = "--max-kill-delay", defaultValue = "PT3S",
            description = "kill within this long after the fleet is back online (default ${DEFAULT-VALUE})")
    Duration maxKillDelay;
    @Option(names = "--seed", description = "seed of the kill moments and values (default: the time)")
    Long seed;
    @Option(names = "--heap", defaultValue = "512m", description = "server heap (default ${DEFAULT-VALUE})")
    String heap;

    public static void main(String[] args) {
        System.exit(new CommandLine(new KillBench()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        List<KillStore> stores;
        try {
            stores = "both".equalsIgnoreCase(store) ? List.of(KillStore.H2, KillStore.PG) : List.of(KillStore.of(store));
        } catch (IllegalArgumentException e) {
            System.err.println("bench kill: --store: " + e.getMessage() + " (or both)");
            return 2;
        }
        long s = seed != null ? seed : System.currentTimeMillis();
        Map<String, Object> all = new LinkedHashMap<>();
        List<KillFigures> results = new ArrayList<>();
        for (KillStore st : stores) {
            KillSettings settings = new KillSettings(st, rounds, gateways, rate, interval, maxKillDelay, s, jar,
                    profiles, dir.resolve(st.id()), heap);
            KillFigures f = new KillSoak(settings, System.out).run();
            results.add(f);
            all.put(st.id(), f.json());
            if (out != null) {
                Path file = out.toAbsolutePath().resolveSibling("kill-" + st.id() + ".json");
                Files.createDirectories(file.getParent());
                Files.writeString(file, JSON.writeValueAsString(f.json()));
                System.out.println("written to " + file);
            }
        }
        if (out != null) {
            Files.writeString(out, JSON.writeValueAsString(all));
        }
        for (KillFigures f : results) {
            System.out.print(f.text());
        }
        return results.stream().allMatch(KillFigures::passed) ? 0 : 1;
    }
}
