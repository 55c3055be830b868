package org.hanedge.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./hanedge demo}: the demo city on one machine (docs/demo.md). Starts the fleet server, one simulator and one
 * provisioned gateway runtime per site kind and a virtual fleet, waits until every gateway is online, drives the
 * scenario, and on SIGTERM or Ctrl-C stops everything in order.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, version = "HanEdge demo",
        description = "The demo city: fleet server, one real gateway per site kind with its simulators, a virtual fleet "
                + "for the other sites (Ctrl-C stops).")
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    DemoOptions options = new DemoOptions();

    private final Path root;
    private final PrintStream out;

    public DemoCommand() {
        this(Path.of(System.getProperty("hanedge.root", ".")), System.err);
    }

    DemoCommand(Path root, PrintStream out) {
        this.root = root.toAbsolutePath().normalize();
        this.out = out;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoCommand()).execute(args));
    }

    @Override
    public Integer call() {
        Console console = new Console(out, System.console() != null);
        ProcessSupervisor supervisor = new ProcessSupervisor(ProcessSupervisor.setsidAvailable(), console::say);
        try {
            DemoPlan plan = options.validate(root);
            if (plan.scenario() == ScenarioName.STORM && !plan.kinds().contains(SiteKind.PUMP_STATION)) {
                console.say("note: --scenario storm without the real pump station (--kinds): only virtual pump "
                        + "stations feel the rain");
            }
            Layout layout = new Layout(root);
            DemoSites sites = DemoSites.read(layout.sitesCsv());
            ChildCommands commands = new ChildCommands(layout, plan, System.getenv());
            layout.checkBuilt();
            for (int port : List.of(plan.httpPort(), plan.mqttPort())) {
                if (taken(port)) {
                    throw new DemoUsageException("port " + port + " is in use (another demo or fleet server?); see "
                            + "--http-port/--mqtt-port");
                }
            }
            DataDir.prepare(plan.data(), plan.fresh());
            return run(plan, sites, commands, supervisor, console);
        } catch (DemoUsageException e) {
            console.say(e.getMessage());
            return 2;
        } catch (DemoFailure e) {
            console.say(e.getMessage());
            e.log().ifPresent(log -> tail(console, log));
            return 1;
        } catch (IOException e) {
            console.say(e.toString());
            return 1;
        }
    }

    private int run(DemoPlan plan, DemoSites sites, ChildCommands commands, ProcessSupervisor supervisor,
            Console console) throws DemoFailure, DemoUsageException, IOException {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(supervisor, console), "demo-stop"));
        String alarmsFrom = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(); // older alarms are not news
        long t0 = System.nanoTime();
        FleetApi api = new FleetApi(plan.serverUrl(), "admin", "admin");
        EventLog events = new EventLog(plan.data().resolve("scenario.log"), console, Clock.systemUTC());
        CityStart.City city = new CityStart(plan, sites, commands, supervisor, api, console, events).start(t0);
        // every gateway's site document as its version 1, in the background (it does not hold up "ready")
        new ConfigSeed(api, console).start(city.siteFiles(), city.virtualCredentials(), plan.brokerUri());
        int online = new ReadyWait(api, supervisor, console).await(city.realIds(), city.expected(),
                plan.data().resolve("logs").toString());
        console.raw(ReadyBanner.text(plan, CityStart.seconds(t0), online, city.expected(), city.realIds(),
                city.virtual()));
        events.event("ready gateways=" + online + "/" + city.expected() + " scenario=" + plan.scenario().id()
                + " speed=" + plan.time().speedText());
        city.scenario().announce(System.nanoTime() / 1_000_000);
        new Monitor(supervisor, api, console, alarmsFrom, () -> System.nanoTime() / 1_000_000).run(city.scenario());
        return 0;
    }

    /** The shutdown hook: every child in order, then "stopped". */
    private static void stop(ProcessSupervisor supervisor, Console console) {
        int n = supervisor.children().size();
        if (n > 0) {
            console.say("stopping " + n + " processes...");
        }
        supervisor.stopAll(DemoTimings.CHILD_GRACE, DemoTimings.SERVER_GRACE);
        console.say("stopped");
    }

    private static boolean taken(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void tail(Console console, Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            console.raw("--- last lines of " + log + ":");
            lines.subList(Math.max(0, lines.size() - 25), lines.size()).forEach(console::raw);
        } catch (IOException e) {
            console.raw("--- " + log + " cannot be read: " + e.getMessage());
        }
    }
}
