package org.hanedge.fleet.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads a sites CSV ({@code site_id,kind,name,name_local,district,lat,lon,profile,note}, UTF-8, header line, fields
 * may be double-quoted). Every problem names the file, the line and the column.
 */
public final class SiteCsv {
    static final List<String> HEADER = List.of("site_id", "kind", "name", "name_local", "district", "lat", "lon",
            "profile", "note");
    static final String HEADER_LINE = String.join(",", HEADER);

    private SiteCsv() {
    }

    public static List<Site> read(Path file) throws SiteCsvException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SiteCsvException(file + ": cannot read: " + e.getMessage());
        }
        if (lines.isEmpty() || !split(strip(lines.get(0))).equals(HEADER)) {
            throw new SiteCsvException(file + ":1: header must be " + String.join(",", HEADER));
        }
        List<Site> sites = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            List<String> f = split(line);
            if (f.size() != HEADER.size()) {
                throw new SiteCsvException(where + ": expected " + HEADER.size() + " fields, found " + f.size());
            }
            String id = f.get(0).trim();
            if (!id.matches("[A-Za-z0-9._-]{1,64}")) {
                throw new SiteCsvException(where + ": site_id '" + id + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            if (!ids.add(id)) {
                throw new SiteCsvException(where + ": site_id '" + id + "' appears twice");
            }
            String kind = required(f.get(1), where, "kind");
            String name = required(f.get(2), where, "name");
            sites.add(new Site(id, kind, name, blankToNull(f.get(3)), blankToNull(f.get(4)),
                    coordinate(f.get(5), where, "lat", 90), coordinate(f.get(6), where, "lon", 180),
                    blankToNull(f.get(7)), blankToNull(f.get(8)), tags(kind, name, f.get(8)), List.of(kind)));
        }
        return sites;
    }

    /** Labels from the note ({@code "connected; green-wave corridor"}) and, for intersections, the corridor. */
    static List<String> tags(String kind, String name, String note) {
        Set<String> tags = new LinkedHashSet<>();
        if (note != null) {
            for (String part : note.split(";")) {
                if (!part.isBlank()) {
                    tags.add(part.trim());
                }
            }
        }
        if ("intersection".equals(kind) && name.contains(" - ")) {
            tags.add("corridor:" + name.substring(0, name.indexOf(" - ")).trim());
        }
        return List.copyOf(tags);
    }

    private static String required(String value, String where, String column) throws SiteCsvException {
        if (value.isBlank()) {
            throw new SiteCsvException(where + ": " + column + " is empty");
        }
        return value.trim();
    }

    private static Double coordinate(String value, String where, String column, double limit) throws SiteCsvException {
        if (value.isBlank()) {
            return null;
        }
        try {
            double d = Double.parseDouble(value.trim());
            if (Double.isFinite(d) && Math.abs(d) <= limit) {
                return d;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new SiteCsvException(where + ": " + column + " '" + value + "' is not a number within ±" + (int) limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static String strip(String line) {
        return line.startsWith("\uFEFF") ? line.substring(1) : line;
    }

    /** Splits one CSV line; a field in double quotes may contain commas and doubled quotes. */
    static List<String> split(String line) {
        List<String> out = new ArrayList<>();
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
