package org.hanedge.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The command lines of the demo's processes: fleet server, simulators, link, gateways, provisioning, fleets. */
public final class ChildCommands {
    /** Short-lived tools start faster. */
    private static final List<String> QUICK = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Layout layout;
    private final DemoPlan plan;
    private final Map<String, String> env;
    private final String java;

    /** @param env the environment: {@code FLEET_JAVA_OPTS}, {@code SIM_JAVA_OPTS}, {@code FLEET_SIM_JAVA_OPTS} */
    public ChildCommands(Layout layout, DemoPlan plan, Map<String, String> env) {
        this.layout = layout;
        this.plan = plan;
        this.env = Map.copyOf(env);
        this.java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private List<String> opts(String var, String dflt) {
        String v = env.getOrDefault(var, "").isBlank() ? dflt : env.get(var);
        return Arrays.stream(v.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    public List<String> fleetServer(Path seedCsv) throws DemoUsageException {
        List<String> c = new ArrayList<>(List.of(java));
        c.addAll(opts("FLEET_JAVA_OPTS", "-Xmx512m"));
        c.addAll(List.of("-jar", layout.fleetServerJar().toString(), "--server.port=" + plan.httpPort(),
                "--hanedge.fleet.mqtt.port=" + plan.mqttPort(),
                "--hanedge.fleet.data-dir=" + plan.data().resolve("fleet"),
                "--hanedge.fleet.profiles-dir=" + layout.profiles(), "--hanedge.fleet.sites-csv=" + seedCsv,
                "--hanedge.fleet.demo=true"));
        return c;
    }

    /** The i-th kind's simulator; writes its devices snippet to {@code devicesOut} once it is up. */
    public List<String> simulator(int i, SiteKind kind, Path devicesOut) throws DemoUsageException {
        List<String> c = new ArrayList<>(List.of(java));
        c.addAll(opts("SIM_JAVA_OPTS", "-Xmx48m -XX:+UseSerialGC"));
        c.addAll(List.of("-Dhanedge.demo=" + plan.data(), "-cp", layout.simulatorsClassPath(),
                "org.hanedge.simulators.SimulateCommand", kind.id(), "--profiles", layout.profiles().toString()));
        Path pty = plan.data().resolve("pty");
        String speed = plan.time().speedText();
        switch (kind) {
            case PUMP_STATION -> c.addAll(List.of("--modbus-port", "-1", "--rtu-pty", pty.resolve("ps-rtu").toString(),
                    "--baud", "9600", "--gpio-port", "" + plan.gpioPort(i), "--speed", speed, "--scenario",
                    plan.scenario() == ScenarioName.STORM ? "storm" : "normal"));
            case WASTE_TRUCK -> {
                c.addAll(ports(i, speed));
                c.addAll(List.of("--gps-pty", pty.resolve("truck-gps").toString(), "--scale-pty",
                        pty.resolve("truck-scale").toString()));
            }
            case FISHING_BOAT -> {
                c.addAll(ports(i, speed));
                c.addAll(List.of("--gps-pty", pty.resolve("boat-gps").toString()));
                if (plan.scenario() == ScenarioName.SOS) {
                    c.addAll(List.of("--route-start", "28800")); // on the fishing grounds, ~100 km offshore
                }
            }
            default -> c.addAll(ports(i, speed));
        }
        c.addAll(List.of("--devices-out", devicesOut.toString()));
        return c;
    }

    private List<String> ports(int i, String speed) {
        return List.of("--modbus-port", "" + plan.modbusPort(i), "--gpio-port", "" + plan.gpioPort(i), "--speed",
                speed);
    }

    /** The district's uplink: a relay to the broker that writes its address to {@code addressFile}. */
    public List<String> link(String district, Path addressFile) throws DemoUsageException {
        return List.of(java, "-Xmx32m", "-XX:+UseSerialGC", "-cp", layout.simulatorsClassPath(),
                "org.hanedge.simulators.link.LinkCommand", "--to", "127.0.0.1:" + plan.mqttPort(), "--name", district,
                "--address-file", addressFile.toString());
    }

    public List<String> provision(String siteId, Path devices, String broker, Path out) throws DemoUsageException {
        List<String> c = new ArrayList<>(List.of(java));
        c.addAll(QUICK);
        c.addAll(List.of("-cp", layout.provisioningClassPath(), "org.hanedge.provisioning.ProvisionCommand",
                "--server", plan.serverUrl(), "--demo", "--site", siteId, "--sites", layout.sitesCsv().toString(),
                "--devices", devices.toString(), "--profiles", layout.profiles().toString(), "--broker", broker,
                "--outbox-size", "64MiB", "--stats-interval", "10s", "--sim-speed", plan.time().speedText(),
                "--out", out.toString()));
        return c;
    }

    public List<String> bulkCredentials(List<String> exclude, int count, Path out) throws DemoUsageException {
        List<String> c = new ArrayList<>(List.of(java));
        c.addAll(QUICK);
        c.addAll(List.of("-cp", layout.provisioningClassPath(), "org.hanedge.provisioning.BulkCredentialsCommand",
                "--server", plan.serverUrl(), "--demo", "--sites", layout.sitesCsv().toString(), "--exclude",
                String.join(",", exclude), "--count", "" + count, "--out", out.toString()));
        return c;
    }

    public List<String> gateway(Path siteConfig, Path dataDir) throws DemoUsageException {
        return List.of(layout.gatewayScript().toString(), "--config", siteConfig.toString(), "--data",
                dataDir.toString());
    }

    /** A virtual fleet; {@code firstSeq}: its gateways' first sequence number (unique across restarts). */
    public List<String> virtualFleet(Path credentials, String broker, Path report, long firstSeq)
            throws DemoUsageException {
        List<String> c = new ArrayList<>(List.of(java));
        c.addAll(opts("FLEET_SIM_JAVA_OPTS", "-Xmx256m"));
        c.addAll(List.of("-cp", layout.simulatorsClassPath(), "org.hanedge.simulators.fleet.VirtualFleetCommand",
                "--profiles", layout.profiles().toString(), "--broker", broker, "--credentials",
                credentials.toString(), "--rate", plan.rateText(), "--interval", "10s", "--connect-rate", "200",
                "--duration", "0", "--first-seq", Long.toString(firstSeq), "--speed", plan.time().speedText(),
                "--scenario", plan.scenario() == ScenarioName.STORM ? "storm" : "normal", "--report",
                report.toString()));
        return c;
    }

    /** Environment of a gateway runtime: warnings only unless {@code HANEDGE_LOG_LEVEL} says otherwise. */
    public Map<String, String> gatewayEnv() {
        return Map.of("HANEDGE_LOG_LEVEL", env.getOrDefault("HANEDGE_LOG_LEVEL", "warn"));
    }
}
