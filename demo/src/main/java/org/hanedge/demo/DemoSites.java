package org.hanedge.demo;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

import org.hanedge.sites.SitesCsv;
import org.hanedge.sites.SitesCsvException;

/**
 * Everything the demo needs of the city's sites CSV (read and written by {@link SitesCsv}, the project's one reader):
 * the real gateways (the first site of each kind), the registry seed without them, the districts.
 */
public final class DemoSites {

    /** One site: what the demo uses of a row. */
    public record Site(String siteId, String kind, String district) {
    }

    private final Path file;
    private final List<org.hanedge.sites.Site> rows;
    private final List<Site> sites;

    private DemoSites(Path file, List<org.hanedge.sites.Site> rows) {
        this.file = file;
        this.rows = List.copyOf(rows);
        this.sites = rows.stream().map(r -> new Site(r.id(), r.kind(), r.district() == null ? "" : r.district()))
                .toList();
    }

    /** Reads the sites CSV. @throws DemoUsageException naming the file and the line that is wrong */
    public static DemoSites read(Path file) throws DemoUsageException {
        try {
            return new DemoSites(file, SitesCsv.read(file));
        } catch (SitesCsvException e) {
            throw new DemoUsageException(e.getMessage());
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

    /** Writes the registry seed: the file's sites without the {@code excluded} ones. */
    public void writeSeedWithout(Collection<String> excluded, Path out) throws IOException {
        try {
            SitesCsv.write(out, rows.stream().filter(r -> !excluded.contains(r.id())).toList());
        } catch (SitesCsvException e) {
            throw new IOException(e.getMessage(), e);
        }
    }
}
