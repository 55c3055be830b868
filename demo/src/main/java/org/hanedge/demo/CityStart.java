package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Brings the demo city up in five steps: fleet server and simulators (and the outage's district uplink), the
 * simulators' devices, provisioning of the real gateways, their runtimes, the virtual fleet. Returns the running city
 * with its scenario; {@link ReadyWait} then waits for every gateway.
 */
final class CityStart {
    private final DemoPlan plan;
    private final DemoSites sites;
    private final ChildCommands commands;
    private final ProcessSupervisor supervisor;
    private final FleetApi api;
    private final Console console;
    private final EventLog events;
    private final Path logs;
    private final Path sitesDir;

    CityStart(DemoPlan plan, DemoSites sites, ChildCommands commands, ProcessSupervisor supervisor, FleetApi api,
            Console console, EventLog events) {
        this.plan = plan;
        this.sites = sites;
        this.commands = commands;
        this.supervisor = supervisor;
        this.api = api;
        this.console = console;
        this.events = events;
        this.logs = plan.data().resolve("logs");
        this.sitesDir = plan.data().resolve("sites");
    }

    /**
     * The city once started: who runs, how many gateways to expect, and the scenario to drive; the real gateways'
     * site files and the virtual fleet's credentials (null without one), for {@link ConfigSeed}.
     */
    record City(List<String> realIds, int virtual, int expected, DemoScenario scenario, Map<String, Path> siteFiles,
            Path virtualCredentials) {
    }

    /** The real gateways: the first site of each kind. */
    static List<String> realIds(DemoSites sites, List<SiteKind> kinds) throws DemoUsageException {
        List<String> ids = new ArrayList<>();
        for (SiteKind k : kinds) {
            ids.add(sites.firstOfKind(k).orElseThrow(() -> new DemoUsageException("the sites file " + sites.file()
                    + " has no site of kind " + k.id())).siteId());
        }
        return ids;
    }

    /** The outage's district: the option, else the first real gateway's; it must have a site. */
    static String outageDistrict(DemoPlan plan, DemoSites sites, List<String> realIds) throws DemoUsageException {
        String d = plan.outageDistrict() != null ? plan.outageDistrict()
                : realIds.stream().findFirst().flatMap(sites::districtOf).orElse("Hai Chau");
        if (!sites.districts().contains(d)) {
            throw new DemoUsageException("--outage-district: no site of the demo city is in '" + d + "' (districts: "
                    + String.join(",", sites.districts()) + ")");
        }
        return d;
    }

    City start(long t0) throws DemoFailure, DemoUsageException, IOException {
        List<String> real = realIds(sites, plan.kinds());
        boolean outage = plan.scenario() == ScenarioName.OUTAGE;
        String district = outage ? outageDistrict(plan, sites, real) : null;
        Path seed = sitesDir.resolve("seed.csv");
        sites.writeSeedWithout(real, seed);
        int others = sites.size() - real.size();
        int virtual = plan.virtual() < 0 || plan.virtual() > others ? others : plan.virtual();

        console.say("data in " + plan.data() + " (logs in " + logs + ")");
        if (plan.time().speed() != 1) {
            console.say("simulated time runs " + plan.time().speedText() + "x");
        }
        console.step(1, "fleet server (HTTP " + plan.httpPort() + ", MQTT " + plan.mqttPort() + ") and the simulators...");
        Child server = supervisor.start("fleet-server", commands.fleetServer(seed), logs.resolve("fleet-server.log"),
                Map.of(), false, true);
        List<Child> sims = new ArrayList<>();
        for (int i = 0; i < plan.kinds().size(); i++) {
            SiteKind kind = plan.kinds().get(i);
            Path devices = devicesFile(kind);
            Files.deleteIfExists(devices);
            boolean controlled = kind == SiteKind.FISHING_BOAT && plan.scenario() == ScenarioName.SOS;
            sims.add(supervisor.start(kind.id() + " simulator", commands.simulator(i, kind, devices),
                    logs.resolve("sim-" + kind.id() + ".log"), Map.of(), controlled, false));
        }
        List<String> brokers = new ArrayList<>(real.stream().map(r -> plan.brokerUri()).toList());
        List<String> realInDistrict = new ArrayList<>();
        Child link = null;
        String districtBroker = null;
        if (outage) {
            Path address = plan.data().resolve("ctl/uplink.address");
            Files.deleteIfExists(address);
            link = supervisor.start("uplink of " + district, commands.link(district, address),
                    logs.resolve("uplink-district.log"), Map.of(), true, false);
            Child l = link;
            if (!Poll.until(() -> Files.exists(address) || exited(l), Duration.ofSeconds(30), Duration.ofMillis(100))
                    || !Files.exists(address)) {
                throw new DemoFailure("the district uplink relay did not start", link.log());
            }
            districtBroker = "tcp://" + Files.readString(address).trim();
            for (int i = 0; i < real.size(); i++) {
                if (sites.districtOf(real.get(i)).orElse("").equals(district)) {
                    brokers.set(i, districtBroker);
                    realInDistrict.add(real.get(i));
                }
            }
        }
        if (!Poll.until(() -> {
            if (exited(server)) {
                throw new DemoFailure("the fleet server exited", server.log());
            }
            return api.healthy();
        }, Duration.ofSeconds(120), Duration.ofMillis(200))) {
            throw new DemoFailure("the fleet server did not become healthy within 120 s", server.log());
        }
        console.detail("fleet server ready in " + seconds(t0) + " s");

        console.step(2, "simulators: Modbus TCP, Modbus RTU and GPS/scale on pty pairs, GPIO...");
        for (int i = 0; i < plan.kinds().size(); i++) {
            SiteKind kind = plan.kinds().get(i);
            Child sim = sims.get(i);
            Path devices = devicesFile(kind);
            if (!Poll.until(() -> Files.exists(devices) || exited(sim), Duration.ofSeconds(60), Duration.ofMillis(100))
                    || !Files.exists(devices)) {
                throw new DemoFailure("the " + kind.id() + " simulator did not start", sim.log());
            }
            console.detail(kind.id() + ": " + DevicesFile.summary(devices));
        }

        console.step(3, "provisioning the real gateways (./hanedge provision: register, credential, config)...");
        for (int i = 0; i < real.size(); i++) {
            String id = real.get(i);
            Path log = logs.resolve("provision-" + id + ".log");
            console.detail(ToolRun.run(commands.provision(id, devicesFile(plan.kinds().get(i)), brokers.get(i),
                    siteConfig(id)), log, Duration.ofMinutes(3), "provisioning " + id));
        }

        console.step(4, "gateway runtimes (Felix, -Xmx64m each): " + (real.isEmpty() ? "none" : String.join(" ", real))
                + "...");
        for (String id : real) {
            supervisor.start("gateway " + id, commands.gateway(siteConfig(id), plan.data().resolve("gateways/" + id
                    + "/data")), logs.resolve("gateway-" + id + ".log"), commands.gatewayEnv(), false, false);
        }

        int districtCount = realInDistrict.size();
        List<Path> districtReports = new ArrayList<>();
        if (virtual > 0) {
            console.step(5, "virtual fleet: " + virtual + " gateways (each its own site, profile and credential, "
                    + plan.rateText() + " readings/s)...");
            Path creds = sitesDir.resolve("virtual-credentials.csv");
            ToolRun.run(commands.bulkCredentials(real, virtual, creds), logs.resolve("provision-virtual.log"),
                    Duration.ofMinutes(3), "issuing the virtual fleet's credentials");
            long firstSeq = System.currentTimeMillis() / 1000 * 1000;
            Path report = plan.data().resolve("virtual-fleet-report.json");
            if (outage) {
                Set<String> inDistrict = new HashSet<>();
                for (DemoSites.Site s : sites.inDistrict(district)) {
                    inDistrict.add(s.siteId());
                }
                Path dist = sitesDir.resolve("virtual-credentials-district.csv");
                Path rest = sitesDir.resolve("virtual-credentials-rest.csv");
                CredentialsSplit.Counts n = CredentialsSplit.split(creds, inDistrict, dist, rest);
                districtCount += n.selected();
                console.detail(n.selected() + " of them in " + district + ", behind its uplink (" + districtBroker + ")");
                startFleet("virtual fleet", rest, plan.brokerUri(), report, firstSeq, n.rest());
                Path distReport = plan.data().resolve("virtual-fleet-district-report.json");
                if (n.selected() > 0) {
                    districtReports.add(distReport);
                }
                startFleet("virtual fleet of " + district, dist, districtBroker, distReport, firstSeq, n.selected());
            } else {
                startFleet("virtual fleet", creds, plan.brokerUri(), report, firstSeq,
                        CredentialsSplit.gateways(creds));
            }
        } else {
            console.step(5, "virtual fleet: none (--virtual 0)");
        }
        if (outage && districtCount == 0) {
            throw new DemoFailure("--scenario outage: no gateway of this demo is in " + district
                    + " (more --virtual, or --outage-district)");
        }
        DemoScenario scenario = scenario(real, district, districtCount, realInDistrict, districtReports, link, sims);
        Map<String, Path> siteFiles = new java.util.LinkedHashMap<>();
        real.forEach(id -> siteFiles.put(id, siteConfig(id)));
        return new City(real, virtual, real.size() + virtual, scenario, siteFiles,
                virtual > 0 ? sitesDir.resolve("virtual-credentials.csv") : null);
    }

    private DemoScenario scenario(List<String> real, String district, int districtCount, List<String> realInDistrict,
            List<Path> districtReports, Child link, List<Child> sims) {
        return switch (plan.scenario()) {
            case NORMAL -> DemoScenario.NORMAL;
            case STORM -> new StormScenario(events, plan.time());
            case OUTAGE -> new OutageScenario(district, districtCount, realInDistrict, plan.outageMinutes(),
                    plan.time(), link, new ApiDistrictProbe(api, district, realInDistrict, districtReports), events,
                    console, Clock.systemUTC());
            case SOS -> {
                int i = plan.kinds().indexOf(SiteKind.FISHING_BOAT);
                String boat = real.get(i);
                yield new SosScenario(boat, sims.get(i), () -> api.gateway(boat).map(g -> g.path("position"))
                        .filter(p -> p.has("lat") && p.has("lon"))
                        .map(p -> p.path("lat").asText() + " N " + p.path("lon").asText() + " E"), events, console,
                        plan.time());
            }
        };
    }

    private void startFleet(String name, Path credentials, String broker, Path report, long firstSeq, int gateways)
            throws DemoFailure, DemoUsageException {
        if (gateways == 0) {
            return;
        }
        supervisor.start(name, commands.virtualFleet(credentials, broker, report, firstSeq),
                logs.resolve(name.replace(' ', '-').replaceAll("[^A-Za-z0-9-]", "") + ".log"), Map.of(), false,
                false);
    }

    private Path devicesFile(SiteKind kind) {
        return sitesDir.resolve(kind.id() + "-devices.yaml");
    }

    private Path siteConfig(String id) {
        return plan.data().resolve("gateways/" + id + "/site.yaml");
    }

    private static boolean exited(Child c) {
        return !c.process().isAlive();
    }

    static long seconds(long t0) {
        return (System.nanoTime() - t0) / 1_000_000_000L;
    }
}
