package org.hanedge.simulators.fleet;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Reads gateway credentials from a CSV file, one gateway a line: {@code gateway_id,password[,profile[,device_id]]}.
 * Blank lines and lines starting with {@code #} are skipped, so is a header line starting with {@code gateway_id}.
 * Fields are trimmed; passwords cannot contain commas. Errors name the file and the line (never a password).
 */
public final class CredentialsFile {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private CredentialsFile() {
    }

    /**
     * @param defaultProfile profile id for lines without one
     * @param limit          at most this many gateways (the first ones); {@code <= 0} = all
     */
    public static List<GatewayCredentials> load(Path file, String defaultProfile, int limit)
            throws FleetConfigException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new FleetConfigException("credentials file " + file + ": cannot read it ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        List<GatewayCredentials> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < lines.size() && (limit <= 0 || out.size() < limit); i++) {
            String line = lines.get(i).strip();
            int no = i + 1;
            if (line.isEmpty() || line.startsWith("#") || (out.isEmpty() && line.startsWith("gateway_id"))) {
                continue;
            }
            GatewayCredentials c = parse(file, no, line, defaultProfile);
            Integer before = seen.putIfAbsent(c.gatewayId(), no);
            if (before != null) {
                throw error(file, no, "gateway " + c.gatewayId() + " already on line " + before);
            }
            out.add(c);
        }
        if (out.isEmpty()) {
            throw new FleetConfigException("credentials file " + file + ": no gateways in it");
        }
        return out;
    }

    private static GatewayCredentials parse(Path file, int no, String line, String defaultProfile)
            throws FleetConfigException {
        String[] f = line.split(",", -1);
        if (f.length < 2 || f.length > 4) {
            throw error(file, no, "expected gateway_id,password[,profile[,device_id]], got " + f.length
                    + (f.length == 1 ? " field" : " fields"));
        }
        String id = f[0].strip();
        String password = f[1].strip();
        String profile = f.length > 2 && !f[2].isBlank() ? f[2].strip() : defaultProfile;
        String device = f.length > 3 && !f[3].isBlank() ? f[3].strip() : GatewayCredentials.defaultDeviceId(profile);
        if (!ID.matcher(id).matches()) {
            throw error(file, no, "bad gateway id '" + printable(id)
                    + "' (letters, digits, . _ -; at most 64; no / + # or spaces)");
        }
        if (password.isEmpty()) {
            throw error(file, no, "gateway " + id + " has an empty password");
        }
        if (!ID.matcher(profile).matches()) {
            throw error(file, no, "bad profile id '" + printable(profile) + "'");
        }
        if (!ID.matcher(device).matches()) {
            throw error(file, no, "bad device id '" + printable(device) + "'");
        }
        return new GatewayCredentials(id, password, profile, device);
    }

    private static FleetConfigException error(Path file, int line, String what) {
        return new FleetConfigException("credentials file " + file + " line " + line + ": " + what);
    }

    private static String printable(String s) {
        String t = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        return t.replaceAll("\\p{Cntrl}", "?");
    }
}
