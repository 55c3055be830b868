package org.hanedge.provisioning;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

import org.hanedge.sites.Site;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code provision}: gives a gateway its identity the way a field technician does. Looks the site up in the sites
 * CSV, registers the gateway with the fleet server (already registered: checks it is the same site), issues its MQTT
 * credential and writes its site config file (mode 0600). Prints a summary without the password. Exit codes: 0 done,
 * 1 a step failed (one-line error), 2 bad usage.
 */
@Command(name = "provision", mixinStandardHelpOptions = true, version = "HanEdge provisioning 0.1.0",
        description = "Registers a gateway with the fleet server, issues its MQTT credential and writes its site "
                + "config file (docs/provisioning.md).")
public final class ProvisionCommand implements Callable<Integer> {

    @Mixin
    FleetServerOptions fleet;

    @Option(names = "--site", paramLabel = "SITE_ID", required = true, description = "the site (= gateway id)")
    String siteId;

    @Option(names = "--sites", paramLabel = "CSV", description = "the city's sites file (default: ${DEFAULT-VALUE})")
    Path sites = Path.of(System.getProperty("hanedge.root", "."), "docs/demo/danang-sites.csv");

    @Option(names = "--devices", paramLabel = "FILE", required = true,
            description = "YAML with the 'devices:' section (e.g. what ./hanedge simulate KIND prints)")
    Path devices;

    @Option(names = "--out", paramLabel = "FILE", required = true, description = "site config file to write (0600)")
    Path out;

    @Option(names = "--broker", paramLabel = "URI",
            description = "broker the gateway connects to (default: the one the fleet server names)")
    String broker;

    @Option(names = "--profiles", paramLabel = "DIR",
            description = "profiles folder written to the config (default: none, the distribution's profiles/)")
    String profiles;

    @Option(names = "--outbox-size", paramLabel = "SIZE", description = "outbox size on disk (default: ${DEFAULT-VALUE})")
    String outboxSize = "256MiB";

    @Option(names = "--stats-interval", paramLabel = "DURATION",
            description = "how often the gateway reports its outbox and uplink stats, e.g. 10s, 1m (default: the gateway's, 60s)")
    String statsInterval;

    @Option(names = "--sim-speed", paramLabel = "X",
            description = "test rigs only: the GPIO simulators' world runs X times faster than real time (the demo's "
                    + "--speed); written as simSpeed on the devices with gpio provider sim (default: ${DEFAULT-VALUE})")
    double simSpeed = 1.0;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> environment;

    public ProvisionCommand() {
        this(System.out, System.err, System.getenv());
    }

    ProvisionCommand(PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new ProvisionCommand()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            if (statsInterval != null && !statsInterval.matches("\\d+(ms|s|m|h)")) {
                throw new ProvisioningException("--stats-interval '" + statsInterval
                        + "': expected a duration such as 10s, 500ms, 1m or 2h");
            }
            FleetApi api = fleet.api(environment);
            Site site = SitesFile.find(sites, siteId);
            List<Map<String, Object>> deviceList = SimulatedSpeed.apply(DevicesSnippet.read(devices), simSpeed);
            FleetApi.Registration reg = api.register(site);
            FleetApi.Credential cred = api.issueCredential(site.id());
            String brokerUri = broker != null ? broker : cred.brokerUri();
            if (brokerUri == null || brokerUri.isBlank()) {
                throw new ProvisioningException("the fleet server named no broker: give --broker tcp://HOST:1883");
            }
            SiteConfigFile.write(out, new SiteConfigFile.Contents(site.id(), profiles, deviceList, brokerUri,
                    cred.username(), cred.password(), outboxSize, statsInterval));
            stdout.printf("provisioned %s (%s, %s%s): %s%n", site.id(), site.kind(), site.name(),
                    site.district() == null ? "" : ", " + site.district(),
                    reg == FleetApi.Registration.REGISTERED ? "registered" : "already registered, same site");
            stdout.printf("  MQTT credential %s issued (password written to the config only), broker %s%n",
                    cred.username(), brokerUri);
            stdout.printf("  site config %s (mode 0600): %d device(s): %s%n", out, deviceList.size(),
                    String.join(", ", deviceList.stream().map(d -> (String) d.get("id")).toList()));
            stdout.printf("  start it: ./hanedge gateway --config %s%n", out);
            return 0;
        } catch (ProvisioningException e) {
            stderr.println("provision: " + e.getMessage());
            return 1;
        }
    }
}
