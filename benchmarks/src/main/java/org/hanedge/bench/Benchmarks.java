package org.hanedge.bench;

import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./hanedge bench NAME [options]}: runs one benchmark with this checkout's defaults: the device profiles, a
 * working folder {@code target/bench/NAME-work}, the fleet server's jar ({@code -Dhanedge.fleet.jar}) and the result
 * file {@code target/bench/NAME.json}; an option given on the command line replaces its default ({@code ./hanedge
 * bench NAME --help}: the benchmark's own options). The launcher chooses the heap (the gateway benchmarks run in the
 * gateway's 64 MB) and installs what a benchmark needs (socat, mosquitto, PostgreSQL).
 */
public final class Benchmarks {
    /** A benchmark: its main class, what it measures, and which of the checkout's defaults it takes. */
    record Bench(Class<?> main, String measures, boolean profiles, boolean workDir, boolean fleetJar) {
    }

    static final Map<String, Bench> ALL = new LinkedHashMap<>();

    static {
        ALL.put("modbus", new Bench(ModbusBench.class, "RTU bus time: coalesced vs one request per channel", true,
                false, false));
        ALL.put("outbox", new Bench(OutboxBench.class, "outbox appends and group commits", false, true, false));
        ALL.put("uplink", new Bench(UplinkBench.class, "an outbox backlog drained to a local broker", false, true,
                false));
        ALL.put("nmea", new Bench(NmeaBench.class, "NMEA parsing CPU", false, false, false));
        ALL.put("gpio", new Bench(GpioBench.class, "GPIO edge-to-reading latency", false, false, false));
        ALL.put("rbe", new Bench(RbeBench.class, "report-by-exception vs every poll, a simulated day", true, false,
                false));
        ALL.put("wire", new Bench(WireBench.class, "bytes on the wire per reading", true, false, false));
        ALL.put("ingest", new Bench(IngestBench.class, "fleet server: readings/s stored, connections, queries", true,
                true, true));
        ALL.put("kill", new Bench(KillBench.class, "readings lost to fleet server SIGKILLs (--store h2|pg|both)", true,
                true, true));
        ALL.put("config-push", new Bench(ConfigPushBench.class, "a configuration pushed to the whole demo city: "
                + "time to 50/99/100 % applied", false, true, false));
    }

    private Benchmarks() {
    }

    public static void main(String[] args) throws Throwable {
        Bench bench = args.length == 0 ? null : ALL.get(args[0]);
        if (bench == null) {
            System.err.print((args.length == 0 ? "" : "hanedge: unknown benchmark '" + args[0] + "'\n") + usage());
            System.exit(2);
        }
        Path root = Path.of(System.getProperty("hanedge.root", ".")).toAbsolutePath().normalize();
        Files.createDirectories(root.resolve("target/bench"));
        List<String> a = arguments(root, System.getProperty("hanedge.fleet.jar", ""), args[0],
                List.of(args).subList(1, args.length));
        try {
            bench.main().getMethod("main", String[].class).invoke(null, (Object) a.toArray(String[]::new));
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: ./hanedge bench NAME [options]   (./hanedge bench NAME --help)\n");
        ALL.forEach((name, bench) -> b.append(String.format("  %-11s %s%n", name, bench.measures())));
        return b.append("figures printed and written to target/bench/NAME.json\n").toString();
    }

    /** The benchmark's arguments: the checkout's defaults it takes and has not been given, then those given. */
    static List<String> arguments(Path root, String fleetJar, String name, List<String> given) {
        Bench bench = ALL.get(name);
        List<String> a = new ArrayList<>();
        if (bench.profiles()) {
            byDefault(a, given, "--profiles", root.resolve("device-profiles").toString());
        }
        if (bench.workDir()) {
            byDefault(a, given, "--dir", root.resolve("target/bench/" + name + "-work").toString());
        }
        if (bench.fleetJar()) {
            byDefault(a, given, "--fleet-jar", fleetJar);
        }
        byDefault(a, given, "--out", root.resolve("target/bench/" + name + ".json").toString());
        a.addAll(given);
        return a;
    }

    private static void byDefault(List<String> a, List<String> given, String option, String value) {
        if (given.stream().noneMatch(g -> g.equals(option) || g.startsWith(option + "="))) {
            a.add(option);
            a.add(value);
        }
    }
}
