package org.hanedge.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsCsvTest {
    @TempDir
    Path tmp;

    @Test
    void readsRowsWithOptionalProfileAndDeviceSkippingHeaderCommentsAndBlanks() throws Exception {
        Path f = file("\uFEFFgateway_id,password,profile", "# a comment", "", "gw-1,s3cret", " gw-2 , pw2 , pump-station ",
                "gw-3,pw3,lake,lake-sonde", "gw-4,pw4,,");
        List<GatewayCredential> all = CredentialsCsv.read(f, "lake", 0);
        assertEquals(List.of(new GatewayCredential("gw-1", "s3cret", "lake", "lake-1"),
                new GatewayCredential("gw-2", "pw2", "pump-station", "pump-station-1"),
                new GatewayCredential("gw-3", "pw3", "lake", "lake-sonde"),
                new GatewayCredential("gw-4", "pw4", "lake", "lake-1")), all);
        assertEquals(2, CredentialsCsv.read(f, "lake", 2).size());
        assertFalse(all.get(0).toString().contains("s3cret"));
    }

    @Test
    void passwordsWithCommasQuotesSpacesAndHashesSurviveARoundTrip() throws Exception {
        List<GatewayCredential> written = List.of(
                new GatewayCredential("gw-1", "a,b", "lake", "lake-1"),
                new GatewayCredential("gw-2", "say \"hi\"", "pump-station", "pump-station-1"),
                new GatewayCredential("gw-3", " leading and trailing ", "lake", "lake-sonde"),
                new GatewayCredential("gw-4", "#not-a-comment", "lake", "lake-1"),
                new GatewayCredential("gw-5", "line\nbreak", "lake", "lake-1"),
                GatewayCredential.of("gw-6", "plain_Pass-1.x", "fishing-boat"));
        StringWriter text = new StringWriter();
        CredentialsCsv.write(text, written);
        assertEquals(written, CredentialsCsv.read(new StringReader(text.toString()), "mem", null, 0));
        // ids stay unquoted, so line tools (the launcher's awk, grep) still find them as the first field
        assertTrue(text.toString().startsWith("gateway_id,password,profile,device_id\ngw-1,\"a,b\",lake,lake-1\n"),
                text.toString());
        assertTrue(text.toString().contains("\ngw-6,plain_Pass-1.x,fishing-boat,fishing-boat-1\n"), text.toString());
    }

    @Test
    void errorsNameTheFileAndLineButNeverThePassword() throws Exception {
        assertProblem(file("gw-1,pw1", "gw-2"),
                ":2: expected gateway_id,password[,profile[,device_id]], got 1 field");
        assertProblem(file("gw-1,topsecret", "gw-1,topsecret2"), ":2: gateway gw-1 already on line 1");
        assertProblem(file("gw/1,topsecret"),
                ":1: bad gateway id 'gw/1' (letters, digits, . _ -; at most 64; no / + # or spaces)");
        assertProblem(file("gw-1,"), ":1: gateway gw-1 has an empty password");
        assertProblem(file("gw-1,topsecret,lake,d,extra"),
                ":1: expected gateway_id,password[,profile[,device_id]], got 5 fields");
        assertProblem(file("gw-1,pw", "gw-2,\"topsecret\"x,lake"), ":2: not valid CSV (check the quotes of this line)");
        assertProblem(file("# nothing"), ": no gateways in it");
        Path noProfile = file("gw-1,topsecret");
        var e = assertThrows(CredentialsCsvException.class, () -> CredentialsCsv.read(noProfile, null, 0));
        assertEquals("credentials file " + noProfile + ":1: gateway gw-1 has no profile (and no default)",
                e.getMessage());

        Path missing = tmp.resolve("nope.csv");
        e = assertThrows(CredentialsCsvException.class, () -> CredentialsCsv.read(missing, "lake", 0));
        assertEquals("credentials file " + missing + ": cannot read it (NoSuchFileException: " + missing + ")",
                e.getMessage());
    }

    private static void assertProblem(Path f, String expected) {
        var e = assertThrows(CredentialsCsvException.class, () -> CredentialsCsv.read(f, "lake", 0));
        assertEquals("credentials file " + f + expected, e.getMessage());
        assertFalse(e.getMessage().contains("topsecret"), e.getMessage());
    }

    private int n;

    private Path file(String... lines) throws Exception {
        Path f = tmp.resolve("gateways-" + (++n) + ".csv");
        Files.write(f, List.of(lines), StandardCharsets.UTF_8);
        return f;
    }
}
