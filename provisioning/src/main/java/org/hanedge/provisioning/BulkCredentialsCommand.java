package org.hanedge.provisioning;

import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

import org.hanedge.sites.CredentialsCsv;
import org.hanedge.sites.GatewayCredential;
import org.hanedge.sites.Site;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code provision bulk}: issues MQTT credentials for many registered sites at once (a district, the demo city's
 * virtual fleet) and writes them as a credentials CSV ({@link CredentialsCsv}: header, then
 * {@code gateway_id,password,profile,device_id} lines; mode 0600), the credentials file of
 * {@code ./hanedge simulate fleet}. Re-issuing replaces a gateway's previous credential.
 */
@Command(name = "provision bulk", mixinStandardHelpOptions = true, version = "HanEdge provisioning 0.1.0",
        description = "Issues MQTT credentials for many sites of the sites file and writes them to a CSV (0600).")
public final class BulkCredentialsCommand implements Callable<Integer> {
    static final int PER_CALL = 1000;

    @Mixin
    FleetServerOptions fleet;

    @Option(names = "--sites", paramLabel = "CSV", description = "the city's sites file (default: ${DEFAULT-VALUE})")
    Path sites = Path.of(System.getProperty("hanedge.root", "."), "docs/demo/danang-sites.csv");

    @Option(names = "--exclude", paramLabel = "ID", split = ",", description = "sites to leave out (comma-separated)")
    Set<String> exclude = Set.of();

    @Option(names = "--count", paramLabel = "N", description = "the first N sites left (default: all)")
    int count;

    @Option(names = "--out", paramLabel = "FILE", required = true,
            description = "CSV to write: gateway_id,password,profile,device_id (mode 0600)")
    Path out;

    private final PrintStream stdout;
    private final PrintStream stderr;
    private final Map<String, String> environment;

    public BulkCredentialsCommand() {
        this(System.out, System.err, System.getenv());
    }

    BulkCredentialsCommand(PrintStream stdout, PrintStream stderr, Map<String, String> environment) {
        this.stdout = stdout;
        this.stderr = stderr;
        this.environment = environment;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BulkCredentialsCommand()).execute(args));
    }

    @Override
    public Integer call() {
        try {
            if (count < 0) {
                throw new ProvisioningException("--count must be 0 (all) or more, was " + count);
            }
            List<Site> chosen = new ArrayList<>();
            for (Site s : SitesFile.readAll(sites)) {
                if (!exclude.contains(s.id()) && (count == 0 || chosen.size() < count)) {
                    chosen.add(s);
                }
            }
            FleetApi api = fleet.api(environment);
            List<GatewayCredential> issued = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i += PER_CALL) {
                List<Site> part = chosen.subList(i, Math.min(chosen.size(), i + PER_CALL));
                List<FleetApi.Credential> creds = api.issueCredentials(part.stream().map(Site::id).toList());
                for (int j = 0; j < part.size(); j++) {
                    issued.add(GatewayCredential.of(creds.get(j).username(), creds.get(j).password(),
                            part.get(j).profileOrKind()));
                }
            }
            PrivateFile.write(out, csv(issued));
            stdout.printf("issued %d MQTT credentials -> %s (mode 0600)%n", chosen.size(), out);
            return 0;
        } catch (ProvisioningException e) {
            stderr.println("provision bulk: " + e.getMessage());
            return 1;
        }
    }

    private static String csv(List<GatewayCredential> issued) {
        StringWriter text = new StringWriter();
        try {
            CredentialsCsv.write(text, issued);
        } catch (IOException e) {
            throw new IllegalStateException("a StringWriter does not fail", e);
        }
        return text.toString();
    }
}
