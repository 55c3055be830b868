package org.hanedge.simulators.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.hanedge.sites.GatewayCredential;

/** The fleet's view of a credentials CSV (the CSV itself is read and tested in the sites module). */
class FleetCredentialsFileTest {
    @TempDir
    Path tmp;

    Path file(String... lines) throws Exception {
        Path f = tmp.resolve("gateways.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void gatewaysWithDefaultProfileAndDeviceAndAQuotedPassword() throws Exception {
        Path f = file("gateway_id,password,profile,device_id", "gw-1,s3cret", "gw-2,\"p,w\"\"2\",pump-station",
                "gw-3,pw3,lake,lake-sonde");
        List<GatewayCredential> all = CredentialsFile.load(f, "lake", 0);
        assertEquals(List.of(new GatewayCredential("gw-1", "s3cret", "lake", "lake-1"),
                new GatewayCredential("gw-2", "p,w\"2", "pump-station", "pump-station-1"),
                new GatewayCredential("gw-3", "pw3", "lake", "lake-sonde")), all);
        assertEquals(2, CredentialsFile.load(f, "lake", 2).size());
        assertFalse(all.get(0).toString().contains("s3cret"));
    }

    @Test
    void aBadFileIsAFleetConfigExceptionNamingFileAndLineButNotThePassword() throws Exception {
        Path dup = file("gw-1,topsecret", "gw-1,topsecret2");
        var e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(dup, "lake", 0));
        assertEquals("credentials file " + dup + ":2: gateway gw-1 already on line 1", e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"));
    }
}
