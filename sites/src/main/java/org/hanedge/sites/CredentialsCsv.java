package org.hanedge.sites;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The gateway credentials CSV that {@code provision bulk} writes and the virtual fleet reads: UTF-8, one gateway a
 * line, {@code gateway_id,password[,profile[,device_id]]}; an optional header line starting with {@code gateway_id},
 * {@code #} comment lines and blank lines are skipped. Fields may be double-quoted, so a password may hold commas,
 * quotes and spaces; spaces around unquoted fields are dropped. A missing profile is the reader's default, a missing
 * device id {@code <profile>-1}. Errors are {@link CredentialsCsvException}s naming the file and line, never a password.
 *
 * <p>The file holds secrets: whoever writes it to disk creates it with mode 0600 (provisioning's {@code PrivateFile}).
 */
public final class CredentialsCsv {
    /** The columns, in the order {@link #write} puts them; the last two are optional when reading. */
    public static final List<String> COLUMNS = List.of("gateway_id", "password", "profile", "device_id");
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private CredentialsCsv() {
    }

    /**
     * The gateways of the file, in file order.
     *
     * @param defaultProfile profile for rows without one; null = such rows are an error
     * @param limit          at most this many gateways (the first ones); {@code <= 0} = all
     * @throws CredentialsCsvException unreadable, a bad row, a gateway twice, or no gateway at all
     */
    public static List<GatewayCredential> read(Path file, String defaultProfile, int limit)
            throws CredentialsCsvException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString(), defaultProfile, limit);
        } catch (IOException e) {
            throw new CredentialsCsvException(file.toString(), 0, IoProblem.describe("read", e), e);
        }
    }

    /**
     * The gateways of the text, in order; as {@link #read(Path, String, int)}.
     *
     * @param in     the CSV text; left open
     * @param source what to call it in error messages (usually the file's path)
     */
    public static List<GatewayCredential> read(Reader in, String source, String defaultProfile, int limit)
            throws CredentialsCsvException, IOException {
        List<CsvRows.Row> rows;
        try {
            rows = CsvRows.read(in, true);
        } catch (CsvRows.MalformedCsv e) {
            // Jackson's own message may quote a character of a password: say only where
            throw new CredentialsCsvException(source, e.line(), "not valid CSV (check the quotes of this line)", null);
        }
        List<GatewayCredential> out = new ArrayList<>();
        Map<String, Long> seen = new HashMap<>();
        for (CsvRows.Row row : rows) {
            if (limit > 0 && out.size() >= limit) {
                break;
            }
            if (out.isEmpty() && row.field(0).equals(COLUMNS.get(0))) {
                continue;
            }
            GatewayCredential c = credential(row, source, defaultProfile);
            Long before = seen.putIfAbsent(c.gatewayId(), row.line());
            if (before != null) {
                throw new CredentialsCsvException(source, row.line(), "gateway " + c.gatewayId()
                        + " already on line " + before);
            }
            out.add(c);
        }
        if (out.isEmpty()) {
            throw new CredentialsCsvException(source, 0, "no gateways in it");
        }
        return out;
    }

    /** Writes a header line and one line per gateway ({@link #COLUMNS}), quoting fields that need it. */
    public static void write(Writer out, List<GatewayCredential> credentials) throws IOException {
        List<List<String>> rows = new ArrayList<>(credentials.size() + 1);
        rows.add(COLUMNS);
        for (GatewayCredential c : credentials) {
            rows.add(List.of(c.gatewayId(), c.password(), c.profile(), c.deviceId()));
        }
        CsvRows.write(out, rows);
    }

    private static GatewayCredential credential(CsvRows.Row row, String source, String defaultProfile)
            throws CredentialsCsvException {
        int n = row.fields().size();
        if (n < 2 || n > COLUMNS.size()) {
            throw new CredentialsCsvException(source, row.line(), "expected gateway_id,password[,profile[,device_id]],"
                    + " got " + n + (n == 1 ? " field" : " fields"));
        }
        String id = row.field(0).strip();
        String password = row.field(1);
        String profile = row.field(2).isBlank() ? defaultProfile : row.field(2).strip();
        if (!ID.matcher(id).matches()) {
            throw new CredentialsCsvException(source, row.line(), "bad gateway id '" + printable(id)
                    + "' (letters, digits, . _ -; at most 64; no / + # or spaces)");
        }
        if (password.isEmpty()) {
            throw new CredentialsCsvException(source, row.line(), "gateway " + id + " has an empty password");
        }
        if (profile == null) {
            throw new CredentialsCsvException(source, row.line(), "gateway " + id + " has no profile (and no default)");
        }
        if (!ID.matcher(profile).matches()) {
            throw new CredentialsCsvException(source, row.line(), "bad profile id '" + printable(profile) + "'");
        }
        String device = row.field(3).isBlank() ? GatewayCredential.defaultDeviceId(profile) : row.field(3).strip();
        if (!ID.matcher(device).matches()) {
            throw new CredentialsCsvException(source, row.line(), "bad device id '" + printable(device) + "'");
        }
        return new GatewayCredential(id, password, profile, device);
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
