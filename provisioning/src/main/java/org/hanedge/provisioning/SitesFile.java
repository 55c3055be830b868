package org.hanedge.provisioning;

import java.nio.file.Path;
import java.util.List;

import org.hanedge.sites.Site;
import org.hanedge.sites.SitesCsv;
import org.hanedge.sites.SitesCsvException;

/**
 * The city's sites CSV as provisioning uses it: read by the one reader ({@link SitesCsv}, the same the fleet server
 * seeds its registry with), its problems turned into {@link ProvisioningException}s naming the file and line.
 */
final class SitesFile {
    private SitesFile() {
    }

    /** The site with this id. */
    static Site find(Path file, String siteId) throws ProvisioningException {
        for (Site s : readAll(file)) {
            if (s.id().equals(siteId)) {
                return s;
            }
        }
        throw new ProvisioningException("site '" + siteId + "' is not in " + file);
    }

    /** Every site of the file, in file order. */
    static List<Site> readAll(Path file) throws ProvisioningException {
        try {
            return SitesCsv.read(file);
        } catch (SitesCsvException e) {
            throw new ProvisioningException(e.getMessage());
        }
    }
}
