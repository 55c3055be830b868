package org.hanedge.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

import org.hanedge.sites.CredentialsCsv;
import org.hanedge.sites.GatewayCredential;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo city's sites file (docs/demo/danang-sites.csv) as the demo reads it. */
class DemoSitesTest {
    private static final Path CITY = Path.of("../docs/demo/danang-sites.csv");
    @TempDir
    Path dir;

    @Test
    void theRealGatewaysAreTheFirstSiteOfEachKind() throws Exception {
        DemoSites sites = DemoSites.read(CITY);
        assertEquals(911, sites.size());
        assertEquals(List.of("INT-001", "LAKE-01", "PS-01", "TRUCK-001", "BOAT-001"),
                CityStart.realIds(sites, List.of(SiteKind.values())));
        assertEquals("Hai Chau", sites.districtOf("INT-001").orElseThrow());
        assertTrue(sites.districts().contains("Son Tra"));
    }

    @Test
    void theSeedLeavesOutTheRealGatewaysOnly() throws Exception {
        DemoSites sites = DemoSites.read(CITY);
        Path seed = dir.resolve("seed.csv");
        sites.writeSeedWithout(List.of("INT-001", "PS-01"), seed);
        List<String> lines = Files.readAllLines(seed);
        assertEquals(Files.readAllLines(CITY).get(0), lines.get(0));
        assertEquals(911 + 1 - 2, lines.size());
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("INT-001,") || l.startsWith("PS-01,")));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("INT-002,")));
    }

    @Test
    void theOutageDistrictMustHaveASite() throws Exception {
        DemoSites sites = DemoSites.read(CITY);
        DemoCommand cmd = new DemoCommand(Path.of("."), System.err);
        new picocli.CommandLine(cmd).parseArgs("--outage-district", "Atlantis");
        DemoPlan plan = cmd.options.validate(Path.of("."));
        String e = assertThrows(DemoUsageException.class, () -> CityStart.outageDistrict(plan, sites, List.of()))
                .getMessage();
        assertTrue(e.startsWith("--outage-district: no site of the demo city is in 'Atlantis' (districts: "), e);
        assertEquals("Hai Chau", CityStart.outageDistrict(new DemoCommandPlan().plan(), sites, List.of("INT-001")));
    }

    @Test
    void aFileWithoutTheHeaderIsRefusedNamingIt() throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "id,kind\nX,lake\n");
        String e = assertThrows(DemoUsageException.class, () -> DemoSites.read(bad)).getMessage();
        assertTrue(e.contains(bad.toString()), e);
    }

    @Test
    void credentialsSplitByDistrictIsOwnerOnlyAndKeepsPasswordsWithCommas() throws Exception {
        Path creds = dir.resolve("creds.csv");
        Files.writeString(creds, "# issued by the demo\ngateway_id,password,profile\n\"INT-002\",\"p,w,d\",intersection\n"
                + "LAKE-02,x,lake\n");
        CredentialsSplit.Counts n = CredentialsSplit.split(creds, Set.of("INT-002"), dir.resolve("d.csv"),
                dir.resolve("r.csv"));
        assertEquals(new CredentialsSplit.Counts(1, 1), n);
        List<GatewayCredential> d = CredentialsCsv.read(dir.resolve("d.csv"), null, 0);
        assertEquals(List.of("INT-002"), d.stream().map(GatewayCredential::gatewayId).toList());
        assertEquals("p,w,d", d.get(0).password());
        assertEquals(List.of("LAKE-02"), CredentialsCsv.read(dir.resolve("r.csv"), null, 0).stream()
                .map(GatewayCredential::gatewayId).toList());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("d.csv"))));
        assertEquals(2, CredentialsSplit.gateways(creds));
    }

    /** The default plan. */
    private static final class DemoCommandPlan {
        DemoPlan plan() throws DemoUsageException {
            return new DemoCommand(Path.of("."), System.err).options.validate(Path.of("."));
        }
    }
}
