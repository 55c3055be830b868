package org.hanedge.sites;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The city's sites CSV: UTF-8, a header line naming the columns {@link #COLUMNS} (in any order; a byte order mark is
 * allowed), then one site a line. Fields may be double-quoted and then hold commas, doubled quotes and line breaks;
 * spaces around unquoted fields are dropped; CRLF or LF; blank lines are skipped. An empty field is "not given"
 * ({@code null}) for the optional columns. Every problem is a {@link SitesCsvException} naming the file, the line and
 * the column.
 *
 * <p>Read by the fleet server (registry seed), provisioning (the technician's site) and the demo; written by the
 * demo and the benchmarks (a seed of chosen sites).
 */
public final class SitesCsv {
    /** The columns, in the order {@link #write} puts them. */
    public static final List<String> COLUMNS = List.of("site_id", "kind", "name", "name_local", "district", "lat", "lon",
            "profile", "note");
    private static final Pattern SITE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private SitesCsv() {
    }

    /** Every site of the file, in file order. */
    public static List<Site> read(Path file) throws SitesCsvException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new SitesCsvException(file.toString(), 0, IoProblem.describe("read", e), e);
        }
    }

    /**
     * Every site of the text, in order.
     *
     * @param in     the CSV text; left open
     * @param source what to call it in error messages (usually the file's path)
     */
    public static List<Site> read(Reader in, String source) throws SitesCsvException, IOException {
        List<CsvRows.Row> rows;
        try {
            rows = CsvRows.read(in, false);
        } catch (CsvRows.MalformedCsv e) {
            throw new SitesCsvException(source, e.line(), e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new SitesCsvException(source, 0, "empty; expected a header line " + String.join(",", COLUMNS));
        }
        Map<String, Integer> column = header(rows.get(0), source);
        List<Site> sites = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (CsvRows.Row row : rows.subList(1, rows.size())) {
            Site site = site(row, column, source);
            Long before = seen.putIfAbsent(site.id(), row.line());
            if (before != null) {
                throw new SitesCsvException(source, row.line(),
                        "site_id '" + site.id() + "' appears twice (first on line " + before + ")");
            }
            sites.add(site);
        }
        return sites;
    }

    /** Writes the sites (header first, {@link #COLUMNS} order) to the file, UTF-8, replacing it. */
    public static void write(Path file, List<Site> sites) throws SitesCsvException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            write(out, sites);
        } catch (IOException e) {
            throw new SitesCsvException(file.toString(), 0, IoProblem.describe("write", e), e);
        }
    }

    /** Writes the sites (header first, {@link #COLUMNS} order), quoting fields as needed; {@code out} is left open. */
    public static void write(Writer out, List<Site> sites) throws IOException {
        List<List<String>> rows = new ArrayList<>(sites.size() + 1);
        rows.add(COLUMNS);
        for (Site s : sites) {
            rows.add(List.of(s.id(), s.kind(), s.name(), text(s.nameLocal()), text(s.district()), number(s.lat()),
                    number(s.lon()), text(s.profile()), text(s.note())));
        }
        CsvRows.write(out, rows);
    }

    private static Map<String, Integer> header(CsvRows.Row row, String source) throws SitesCsvException {
        Map<String, Integer> column = new LinkedHashMap<>();
        for (int i = 0; i < row.fields().size(); i++) {
            String name = row.field(i).trim();
            if (!COLUMNS.contains(name)) {
                throw new SitesCsvException(source, row.line(), "unknown column '" + name + "' in the header; the columns"
                        + " are " + String.join(",", COLUMNS));
            }
            if (column.putIfAbsent(name, i) != null) {
                throw new SitesCsvException(source, row.line(), "column '" + name + "' appears twice in the header");
            }
        }
        List<String> missing = COLUMNS.stream().filter(c -> !column.containsKey(c)).toList();
        if (!missing.isEmpty()) {
            throw new SitesCsvException(source, row.line(), "the header lacks column" + (missing.size() > 1 ? "s " : " ")
                    + String.join(", ", missing) + "; the columns are " + String.join(",", COLUMNS));
        }
        return column;
    }

    private static Site site(CsvRows.Row row, Map<String, Integer> column, String source) throws SitesCsvException {
        if (row.fields().size() != column.size()) {
            throw new SitesCsvException(source, row.line(), "expected " + column.size() + " fields, found "
                    + row.fields().size());
        }
        RowFields f = new RowFields(row, column, source);
        String id = f.text("site_id");
        if (!SITE_ID.matcher(id).matches()) {
            throw new SitesCsvException(source, row.line(), "site_id '" + id
                    + "' must be 1-64 letters, digits, '.', '_' or '-'");
        }
        return new Site(id, f.required("kind"), f.required("name"), f.optional("name_local"), f.optional("district"),
                f.coordinate("lat", 90), f.coordinate("lon", 180), f.optional("profile"), f.optional("note"));
    }

    /** The fields of one row by column name, checked with the row's line in every message. */
    private record RowFields(CsvRows.Row row, Map<String, Integer> column, String source) {
        String text(String name) {
            return row.field(column.get(name)).trim();
        }

        String required(String name) throws SitesCsvException {
            String v = text(name);
            if (v.isEmpty()) {
                throw new SitesCsvException(source, row.line(), name + " is empty");
            }
            return v;
        }

        String optional(String name) {
            String v = text(name);
            return v.isEmpty() ? null : v;
        }

        Double coordinate(String name, int limit) throws SitesCsvException {
            String v = text(name);
            if (v.isEmpty()) {
                return null;
            }
            try {
                double d = Double.parseDouble(v);
                if (Double.isFinite(d) && Math.abs(d) <= limit) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw new SitesCsvException(source, row.line(), name + " '" + v + "' is not a number within ±" + limit);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String number(Double d) {
        return d == null ? "" : BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
