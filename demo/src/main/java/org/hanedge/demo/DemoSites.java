package org.hanedge.demo;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Everything the demo needs of the city's sites CSV: the real gateways (the first site of each kind), the registry
 * seed without them, the districts. The one place that reads the CSV.
 */
public final class DemoSites {

    /** One site: what the demo uses of a row. */
    public record Site(String siteId, String kind, String district) {
    }

    private final Path file;
    private final List<Site> sites;

    private DemoSites(Path file, List<Site> sites) {
        this.file = file;
        this.sites = List.copyOf(sites);
    }

    /** Reads the sites CSV. @throws DemoUsageException naming the file and the line that is wrong */
    public static DemoSites read(Path file) throws DemoUsageException {
        try {
            return new DemoSites(file, InterimCsv.read(file));
        } catch (IOException e) {
            throw new DemoUsageException("cannot read the sites file " + file + ": " + e.getMessage());
        }
    }

    public Path file() {
        return file;
    }

    public int size() {
        return sites.size();
    }

    /** The first site of a kind: its real gateway. */
    public Optional<Site> firstOfKind(SiteKind kind) {
        return sites.stream().filter(s -> s.kind().equals(kind.id())).findFirst();
    }

    /** The district of a site, if the site is in the file. */
    public Optional<String> districtOf(String siteId) {
        return sites.stream().filter(s -> s.siteId().equals(siteId)).map(Site::district).findFirst();
    }

    /** The sites of a district. */
    public List<Site> inDistrict(String district) {
        return sites.stream().filter(s -> s.district().equals(district)).toList();
    }

    /** The districts of the city, sorted. */
    public List<String> districts() {
        return List.copyOf(new TreeSet<>(sites.stream().map(Site::district).toList()));
    }

    /** Writes the registry seed: the file's lines without the rows of {@code excluded} sites. */
    public void writeSeedWithout(Collection<String> excluded, Path out) throws IOException {
        List<String> kept = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (i == 0 || !excluded.contains(InterimCsv.firstField(line))) {
                kept.add(line);
            }
        }
        Files.write(out, kept, StandardCharsets.UTF_8);
    }

    /**
     * Minimal reader of the sites CSV (header {@code site_id,kind,name,name_local,district,...}); fields have no
     * quoted commas in the demo city's file.
     */
    // replaced by org.hanedge.sites at merge
    static final class InterimCsv {
        private InterimCsv() {
        }

        static List<Site> read(Path file) throws IOException, DemoUsageException {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            if (lines.isEmpty() || !lines.get(0).startsWith("site_id,kind,")) {
                throw new DemoUsageException("sites file " + file + ": line 1 must be the header "
                        + "site_id,kind,name,name_local,district,...");
            }
            List<Site> out = new ArrayList<>();
            for (int i = 1; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) {
                    continue;
                }
                String[] f = line.split(",", -1);
                if (f.length < 5 || f[0].isBlank()) {
                    throw new DemoUsageException("sites file " + file + ", line " + (i + 1)
                            + ": expected site_id,kind,name,name_local,district,..., was '" + line + "'");
                }
                out.add(new Site(f[0].trim(), f[1].trim(), f[4].trim()));
            }
            return out;
        }

        static String firstField(String line) {
            int comma = line.indexOf(',');
            return (comma < 0 ? line : line.substring(0, comma)).trim();
        }
    }
}
