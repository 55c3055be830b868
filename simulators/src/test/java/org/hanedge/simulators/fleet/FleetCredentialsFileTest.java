package org.hanedge.simulators.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FleetCredentialsFileTest {
    @TempDir
    Path tmp;

    Path file(String... lines) throws Exception {
        Path f = tmp.resolve("gateways.csv");
        Files.write(f, List.of(lines));
        return f;
    }

    @Test
    void readsLinesWithOptionalProfileAndDeviceSkippingHeaderCommentsAndBlanks() throws Exception {
        Path f = file("gateway_id,password,profile", "# a comment", "", "gw-1,s3cret", " gw-2 , pw2 , pump-station ",
                "gw-3,pw3,lake,lake-sonde", "gw-4,pw4,,");
        List<GatewayCredentials> all = CredentialsFile.load(f, "lake", 0);
        assertEquals(List.of(new GatewayCredentials("gw-1", "s3cret", "lake", "lake-1"),
                new GatewayCredentials("gw-2", "pw2", "pump-station", "pump-station-1"),
                new GatewayCredentials("gw-3", "pw3", "lake", "lake-sonde"),
                new GatewayCredentials("gw-4", "pw4", "lake", "lake-1")), all);
        assertEquals(2, CredentialsFile.load(f, "lake", 2).size());
        assertFalse(all.get(0).toString().contains("s3cret"));
    }

    @Test
    void errorsNameTheFileAndLineButNeverThePassword() throws Exception {
        Path f = file("gw-1,pw1", "gw-2");
        var e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(f, "lake", 0));
        assertEquals("credentials file " + f + " line 2: expected gateway_id,password[,profile[,device_id]], got 1 "
                + "field", e.getMessage());

        Path dup = file("gw-1,topsecret", "gw-1,topsecret2");
        e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(dup, "lake", 0));
        assertEquals("credentials file " + dup + " line 2: gateway gw-1 already on line 1", e.getMessage());

        Path bad = file("gw/1,topsecret");
        e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(bad, "lake", 0));
        assertEquals("credentials file " + bad + " line 1: bad gateway id 'gw/1' (letters, digits, . _ -; at most "
                + "64; no / + # or spaces)", e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"));

        Path empty = file("gw-1,");
        e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(empty, "lake", 0));
        assertEquals("credentials file " + empty + " line 1: gateway gw-1 has an empty password", e.getMessage());

        Path missing = tmp.resolve("nope.csv");
        e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(missing, "lake", 0));
        assertEquals("credentials file " + missing + ": cannot read it (NoSuchFileException: " + missing + ")",
                e.getMessage());

        Path none = file("# nothing");
        e = assertThrows(FleetConfigException.class, () -> CredentialsFile.load(none, "lake", 0));
        assertEquals("credentials file " + none + ": no gateways in it", e.getMessage());
    }
}
