package org.hanedge.provisioning;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The city's sites CSV ({@code site_id,kind,name,name_local,district,lat,lon,profile,note}, UTF-8, a header line,
 * fields may be double-quoted), the same file the fleet server seeds its registry from.
 */
public final class SitesFile {
    static final String HEADER = "site_id,kind,name,name_local,district,lat,lon,profile,note";

    private SitesFile() {
    }

    /** The site with this id; errors name the file and line. */
    public static Site find(Path file, String siteId) throws ProvisioningException {
        for (Site s : readAll(file)) {
            if (s.id().equals(siteId)) {
                return s;
            }
        }
        throw new ProvisioningException("site '" + siteId + "' is not in " + file);
    }

    /** Every site of the file, in file order; errors name the file and line. */
    public static List<Site> readAll(Path file) throws ProvisioningException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ProvisioningException("sites file " + file + " cannot be read: " + e.getMessage());
        }
        if (lines.isEmpty() || !lines.get(0).replace("\uFEFF", "").trim().equals(HEADER)) {
            throw new ProvisioningException(file + ":1: header must be " + HEADER);
        }
        List<Site> sites = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            List<String> f = split(lines.get(i));
            if (f.isEmpty()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            if (f.size() != 9) {
                throw new ProvisioningException(where + ": expected 9 fields, found " + f.size());
            }
            sites.add(new Site(required(f.get(0), where, "site_id"), required(f.get(1), where, "kind"),
                    required(f.get(2), where, "name"), blankToNull(f.get(3)), blankToNull(f.get(4)),
                    number(f.get(5), where, "lat"), number(f.get(6), where, "lon"), blankToNull(f.get(7)),
                    blankToNull(f.get(8))));
        }
        return sites;
    }

    private static String required(String v, String where, String column) throws ProvisioningException {
        if (v.isBlank()) {
            throw new ProvisioningException(where + ": " + column + " is empty");
        }
        return v.trim();
    }

    private static String blankToNull(String v) {
        return v.isBlank() ? null : v.trim();
    }

    private static Double number(String v, String where, String column) throws ProvisioningException {
        if (v.isBlank()) {
            return null;
        }
        try {
            return Double.valueOf(v.trim());
        } catch (NumberFormatException e) {
            throw new ProvisioningException(where + ": " + column + " '" + v + "' is not a number");
        }
    }

    /** Splits one CSV line; a double-quoted field may hold commas and doubled quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        if (line.isBlank()) {
            return out;
        }
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
