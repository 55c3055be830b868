package org.hanedge.provisioning;

import java.net.URI;
import java.util.Map;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/** How the tool reaches the fleet server (a picocli mixin): its address and an administrator's account. */
final class FleetServerOptions {
    @Option(names = "--server", paramLabel = "URL", description = "fleet server (default: ${DEFAULT-VALUE})")
    URI server = URI.create("http://127.0.0.1:8080");

    @Option(names = "--user", paramLabel = "NAME", description = "administrator account (default: ${DEFAULT-VALUE})")
    String user = "admin";

    @ArgGroup(exclusive = true, multiplicity = "1")
    AdminPassword password;

    /** The fleet server's API as the administrator; reads the password (no request yet). */
    FleetApi api(Map<String, String> environment) throws ProvisioningException {
        return new FleetApi(server, password.user(user), password.read(environment));
    }
}
