package org.hanedge.simulators.fleet;

import java.nio.file.Path;
import java.util.List;

import org.hanedge.sites.CredentialsCsv;
import org.hanedge.sites.CredentialsCsvException;
import org.hanedge.sites.GatewayCredential;

/**
 * The virtual fleet's gateways from a credentials CSV ({@code gateway_id,password[,profile[,device_id]]}, the file
 * {@code provision bulk} writes), read by the one reader {@link CredentialsCsv}: quoted fields, so a password may hold
 * commas and quotes; errors name the file and the line, never a password.
 */
public final class CredentialsFile {
    private CredentialsFile() {
    }

    /**
     * @param defaultProfile profile id for lines without one
     * @param limit          at most this many gateways (the first ones); {@code <= 0} = all
     */
    public static List<GatewayCredential> load(Path file, String defaultProfile, int limit)
            throws FleetConfigException {
        try {
            return CredentialsCsv.read(file, defaultProfile, limit);
        } catch (CredentialsCsvException e) {
            throw new FleetConfigException(e.getMessage());
        }
    }
}
