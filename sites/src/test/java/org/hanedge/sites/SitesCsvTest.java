package org.hanedge.sites;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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

class SitesCsvTest {
    /** The demo city's 911 sites, the file the launcher seeds the fleet server from. */
    static final Path DEMO_CITY = Path.of("../docs/demo/danang-sites.csv").toAbsolutePath().normalize();
    static final String HEADER = String.join(",", SitesCsv.COLUMNS);

    @TempDir
    Path dir;

    @Test
    void readsTheDemoCity() throws Exception {
        List<Site> sites = SitesCsv.read(DEMO_CITY);
        assertEquals(911, sites.size());
        Site int2 = sites.stream().filter(s -> s.id().equals("INT-002")).findFirst().orElseThrow();
        assertEquals(new Site("INT-002", "intersection", "Le Duan - Tran Phu", "Lê Duẩn - Trần Phú", "Hai Chau",
                16.03253, 108.21093, "intersection", "connected; green-wave corridor"), int2);
        assertEquals(600, sites.stream().filter(s -> s.kind().equals("fishing-boat")).count());
    }

    @Test
    void quotedFieldsHoldCommasQuotesAndLineBreaks() throws Exception {
        Path f = file(HEADER + "\nLAKE-1,lake,\"Hồ Thạc Gián, \"\"east\"\"\",\"Hồ\nThạc Gián\",Thanh Khe,16.06,108.2,lake,\n"
                + "LAKE-2,lake,  Lake two  ,,,,,,\n");
        List<Site> sites = SitesCsv.read(f);
        assertEquals("Hồ Thạc Gián, \"east\"", sites.get(0).name());
        assertEquals("Hồ\nThạc Gián", sites.get(0).nameLocal());
        assertNull(sites.get(0).note());
        assertEquals(new Site("LAKE-2", "lake", "Lake two", null, null, null, null, null, null), sites.get(1));
        assertEquals("lake", sites.get(1).profileOrKind());
    }

    @Test
    void aByteOrderMarkCrlfBlankLinesAndAnyColumnOrderAreFine() throws Exception {
        String text = "\uFEFFnote,site_id,kind,name,name_local,district,lat,lon,profile\r\n\r\n"
                + "pilot,PS-1,pump-station,Pump one,,Hai Chau,16.1,108.2,pump-station\r\n\r\n  \r\n";
        List<Site> sites = SitesCsv.read(file(text));
        assertEquals(List.of(new Site("PS-1", "pump-station", "Pump one", null, "Hai Chau", 16.1, 108.2,
                "pump-station", "pilot")), sites);
    }

    @Test
    void writtenSitesReadBackTheSame() throws Exception {
        List<Site> sites = List.of(
                new Site("INT-9", "intersection", "Le Duan - Tran Phu, north", "Lê Duẩn \"Bắc\"", "Hai Chau",
                        16.03253, 108.21093, "intersection", "connected; green-wave corridor"),
                new Site("BOAT-1", "fishing-boat", "Boat #1", null, null, -0.000001, 179.5, null, "#not a comment"),
                new Site("LAKE-1", "lake", " spaced ", null, null, null, null, "lake", null));
        Path f = dir.resolve("out/seed.csv");
        Files.createDirectories(f.getParent());
        SitesCsv.write(f, sites);
        List<Site> back = SitesCsv.read(f);
        assertEquals(sites.get(0), back.get(0));
        assertEquals(sites.get(1), back.get(1));
        // a name's surrounding spaces are not kept: the reader trims every field
        assertEquals("spaced", back.get(2).name());
        String text = Files.readString(f, StandardCharsets.UTF_8);
        assertTrue(text.startsWith(HEADER + "\nINT-9,intersection,\"Le Duan - Tran Phu, north\","), text);
        assertTrue(text.contains("\nBOAT-1,fishing-boat,\"Boat #1\",,,-0.000001,179.5,,\"#not a comment\"\n"), text);

        List<Site> city = SitesCsv.read(DEMO_CITY);
        StringWriter copy = new StringWriter();
        SitesCsv.write(copy, city);
        assertEquals(city, SitesCsv.read(new StringReader(copy.toString()), "copy"));
    }

    @Test
    void everyProblemNamesTheFileTheLineAndTheColumn() throws Exception {
        assertProblem("id,kind\n", ":1: unknown column 'id' in the header; the columns are site_id,kind,name,");
        assertProblem("site_id,kind,name,name_local,district,lat,profile,note\n",
                ":1: the header lacks column lon; the columns are site_id,");
        assertProblem(HEADER + ",kind\n", ":1: column 'kind' appears twice in the header");
        assertProblem("", ": empty; expected a header line site_id,kind,");
        assertProblem(HEADER + "\nA,lake,Lake A,,D,16,108,lake,\n\nA,lake,B,,D,16,108,lake,\n",
                ":4: site_id 'A' appears twice (first on line 2)");
        assertProblem(HEADER + "\nA,lake,Lake A,,D,north,108,lake,\n", ":2: lat 'north' is not a number within ±90");
        assertProblem(HEADER + "\nA,lake,Lake A,,D,16,181,lake,\n", ":2: lon '181' is not a number within ±180");
        assertProblem(HEADER + "\nA,lake,Lake A\n", ":2: expected 9 fields, found 3");
        assertProblem(HEADER + "\nA,lake,\"Lake, A\",,D,16,108,lake,extra,field\n", ":2: expected 9 fields, found 10");
        assertProblem(HEADER + "\nA/B,lake,Lake A,,D,16,108,lake,\n",
                ":2: site_id 'A/B' must be 1-64 letters, digits, '.', '_' or '-'");
        assertProblem(HEADER + "\nA,,Lake A,,D,16,108,lake,\n", ":2: kind is empty");
        assertProblem(HEADER + "\nA,lake,Lake A,,D,16,108,lake,\nB,lake,\"Lake B,,D,16,108,lake,\n",
                ":3: not valid CSV");

        Path missing = dir.resolve("missing.csv");
        SitesCsvException e = assertThrows(SitesCsvException.class, () -> SitesCsv.read(missing));
        assertEquals("sites file " + missing + ": cannot read it (NoSuchFileException: " + missing + ")",
                e.getMessage());

        Path latin1 = dir.resolve("latin1.csv");
        Files.write(latin1, (HEADER + "\nA,lake,H\u00f4,,,,,,\n").getBytes(StandardCharsets.ISO_8859_1));
        e = assertThrows(SitesCsvException.class, () -> SitesCsv.read(latin1));
        assertEquals("sites file " + latin1 + ": cannot read it: not UTF-8 text", e.getMessage());
    }

    private void assertProblem(String text, String expected) throws Exception {
        Path f = file(text);
        SitesCsvException e = assertThrows(SitesCsvException.class, () -> SitesCsv.read(f));
        assertTrue(e.getMessage().startsWith("sites file " + f + expected), e.getMessage());
        assertEquals(f.toString(), e.file());
    }

    private Path file(String text) throws Exception {
        Path f = Files.createTempFile(dir, "sites", ".csv");
        Files.writeString(f, text, StandardCharsets.UTF_8);
        return f;
    }
}
