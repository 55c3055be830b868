package org.hanedge.gateway.serial.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Pure NMEA 0183 sentence decoder: one line (without CR LF) in, a {@link NmeaSentence} or the reason it was refused
 * out. Verifies the checksum (required), accepts any two-character talker id, refuses lines longer than the standard's
 * 82 characters (80 without CR LF), decodes GGA, RMC, VTG, GSA, GLL and HDT, and reports other well-formed sentences
 * (GSV, proprietary {@code $P...}) as {@link BadInput#UNSUPPORTED}. Never throws on any input.
 */
public final class NmeaParser {
    /** NMEA 0183: at most 82 characters including {@code $} and CR LF. */
    public static final int MAX_SENTENCE = 82;
    /** The same limit for a line whose CR LF has been removed. */
    public static final int MAX_LINE = MAX_SENTENCE - 2;

    /**
     * Outcome of {@link #parse}: exactly one of {@code sentence} and {@code error} is set.
     *
     * @param detail what exactly was wrong, for the log
     */
    public record Result(NmeaSentence sentence, BadInput error, String detail) {
        static Result ok(NmeaSentence s) {
            return new Result(s, null, null);
        }

        static Result bad(BadInput error, String detail) {
            return new Result(null, error, detail);
        }

        public boolean ok() {
            return sentence != null;
        }
    }

    private NmeaParser() {
    }

    public static Result parse(CharSequence line) {
        int n = line.length();
        if (n == 0 || line.charAt(0) != '$') {
            return Result.bad(BadInput.GARBAGE, "does not start with $");
        }
        if (n > MAX_LINE) {
            return Result.bad(BadInput.TOO_LONG, n + 2 + " characters with CR LF, NMEA 0183 allows " + MAX_SENTENCE);
        }
        int star = -1;
        int sum = 0;
        for (int i = 1; i < n; i++) {
            char c = line.charAt(i);
            if (c == '*') {
                star = i;
                break;
            }
            if (c < 0x20 || c > 0x7e || c == '$') {
                return Result.bad(BadInput.GARBAGE, "non-printable or misplaced character at " + i);
            }
            sum ^= c;
        }
        if (star < 0 || star + 3 != n) {
            return Result.bad(BadInput.NO_CHECKSUM, star < 0 ? "no *hh checksum" : "checksum not two hex digits at the end");
        }
        int hi = hex(line.charAt(star + 1));
        int lo = hex(line.charAt(star + 2));
        if (hi < 0 || lo < 0) {
            return Result.bad(BadInput.NO_CHECKSUM, "checksum not hexadecimal");
        }
        int expected = hi << 4 | lo;
        if (expected != sum) {
            return Result.bad(BadInput.BAD_CHECKSUM,
                    String.format("checksum %02X, content gives %02X", expected, sum));
        }
        String body = line.subSequence(1, star).toString();
        String[] f = body.split(",", -1);
        String address = f[0];
        if (address.startsWith("P")) {
            return Result.bad(BadInput.UNSUPPORTED, "proprietary sentence " + address);
        }
        if (address.length() != 5 || !alnum(address)) {
            return Result.bad(BadInput.MALFORMED, "address field '" + address + "' is not talker + 3-letter type");
        }
        String talker = address.substring(0, 2);
        String type = address.substring(2);
        try {
            return switch (type) {
                case "GGA" -> gga(talker, f);
                case "RMC" -> rmc(talker, f);
                case "VTG" -> vtg(talker, f);
                case "GSA" -> gsa(talker, f);
                case "GLL" -> gll(talker, f);
                case "HDT" -> hdt(talker, f);
                default -> Result.bad(BadInput.UNSUPPORTED, "sentence type " + type);
            };
        } catch (FieldException e) {
            return Result.bad(BadInput.MALFORMED, type + ": " + e.getMessage());
        }
    }

    private static Result gga(String talker, String[] f) throws FieldException {
        need(f, 9, "GGA");
        Map<String, Object> m = new HashMap<>(16);
        text(m, "time", f[1]);
        position(m, f[2], f[3], f[4], f[5]);
        Double q = number(f[6], "fix_quality");
        put(m, "fix_quality", q);
        put(m, "satellites", number(f[7], "satellites"));
        put(m, "hdop", number(f[8], "hdop"));
        put(m, "altitude", number(f[9], "altitude"));
        if (f.length > 11) {
            put(m, "geoid_separation", number(f[11], "geoid_separation"));
        }
        return Result.ok(new NmeaSentence(talker, "GGA", m, q != null && q > 0));
    }

    private static Result rmc(String talker, String[] f) throws FieldException {
        need(f, 9, "RMC");
        Map<String, Object> m = new HashMap<>(16);
        text(m, "time", f[1]);
        boolean valid = "A".equals(f[2]);
        if (!valid && !"V".equals(f[2])) {
            throw new FieldException("status '" + f[2] + "' is neither A nor V");
        }
        // NMEA 2.3+: mode indicator N (data not valid) overrides A
        if (f.length > 12 && "N".equals(f[12])) {
            valid = false;
        }
        m.put("status", valid);
        position(m, f[3], f[4], f[5], f[6]);
        put(m, "speed", number(f[7], "speed"));
        put(m, "course", number(f[8], "course"));
        text(m, "date", f[9]);
        if (f.length > 11) {
            Double var = number(f[10], "magnetic_variation");
            if (var != null) {
                m.put("magnetic_variation", "W".equals(f[11]) ? -var : var);
            }
        }
        return Result.ok(new NmeaSentence(talker, "RMC", m, valid));
    }

    private static Result vtg(String talker, String[] f) throws FieldException {
        Map<String, Object> m = new HashMap<>(8);
        boolean valid = true;
        if (f.length >= 9 && "T".equals(f[2])) {
            put(m, "course", number(f[1], "course"));
            put(m, "course_magnetic", number(f[3], "course_magnetic"));
            put(m, "speed", number(f[5], "speed"));
            put(m, "speed_kmh", number(f[7], "speed"));
            if (f.length > 9 && "N".equals(f[9])) {
                valid = false;
            }
        } else if (f.length == 5) {
            // NMEA 0183 before 2.0: course true, course magnetic, knots, km/h without unit letters
            put(m, "course", number(f[1], "course"));
            put(m, "course_magnetic", number(f[2], "course_magnetic"));
            put(m, "speed", number(f[3], "speed"));
            put(m, "speed_kmh", number(f[4], "speed"));
        } else {
            throw new FieldException("VTG with " + (f.length - 1) + " fields");
        }
        if (!m.containsKey("speed") && !m.containsKey("speed_kmh") && !m.containsKey("course")) {
            valid = false;
        }
        if (!m.containsKey("speed") && m.get("speed_kmh") instanceof Double kmh) {
            m.put("speed", kmh / NmeaChannels.KMH_PER_KNOT);
        }
        return Result.ok(new NmeaSentence(talker, "VTG", m, valid));
    }

    private static Result gsa(String talker, String[] f) throws FieldException {
        need(f, 17, "GSA");
        Map<String, Object> m = new HashMap<>(8);
        Double type = number(f[2], "fix_type");
        put(m, "fix_type", type);
        put(m, "pdop", number(f[15], "pdop"));
        put(m, "hdop", number(f[16], "hdop"));
        put(m, "vdop", number(f[17], "vdop"));
        return Result.ok(new NmeaSentence(talker, "GSA", m, type != null && type >= 2));
    }

    private static Result gll(String talker, String[] f) throws FieldException {
        need(f, 6, "GLL");
        Map<String, Object> m = new HashMap<>(8);
        position(m, f[1], f[2], f[3], f[4]);
        text(m, "time", f[5]);
        boolean valid = "A".equals(f[6]) && !(f.length > 7 && "N".equals(f[7]));
        m.put("status", valid);
        return Result.ok(new NmeaSentence(talker, "GLL", m, valid));
    }

    private static Result hdt(String talker, String[] f) throws FieldException {
        need(f, 2, "HDT");
        Map<String, Object> m = new HashMap<>(4);
        put(m, "heading", number(f[1], "heading"));
        return Result.ok(new NmeaSentence(talker, "HDT", m, null));
    }

    private static void position(Map<String, Object> m, String lat, String ns, String lon, String ew)
            throws FieldException {
        if (lat.isEmpty() || lon.isEmpty()) {
            return; // no position (typical without a fix)
        }
        double la = degrees(lat, 2, "latitude");
        double lo = degrees(lon, 3, "longitude");
        if (!("N".equals(ns) || "S".equals(ns)) || !("E".equals(ew) || "W".equals(ew))) {
            throw new FieldException("hemisphere '" + ns + "'/'" + ew + "'");
        }
        if (la > 90 || lo > 180) {
            throw new FieldException("position " + lat + "," + lon + " out of range");
        }
        m.put("latitude", "S".equals(ns) ? -la : la);
        m.put("longitude", "W".equals(ew) ? -lo : lo);
    }

    /** {@code ddmm.mmmm} (latitude, 2 degree digits) or {@code dddmm.mmmm} (longitude, 3) to decimal degrees. */
    static double degrees(String s, int degDigits, String name) throws FieldException {
        int dot = s.indexOf('.');
        int intLen = dot < 0 ? s.length() : dot;
        if (intLen != degDigits + 2) {
            throw new FieldException(name + " '" + s + "' is not " + (degDigits == 2 ? "ddmm.mmmm" : "dddmm.mmmm"));
        }
        for (int i = 0; i < intLen; i++) {
            if (!Character.isDigit(s.charAt(i))) {
                throw new FieldException(name + " '" + s + "' is not numeric");
            }
        }
        double minutes = parseDouble(s.substring(degDigits), name);
        if (minutes >= 60) {
            throw new FieldException(name + " minutes '" + s + "' >= 60");
        }
        return Integer.parseInt(s, 0, degDigits, 10) + minutes / 60.0;
    }

    private static Double number(String s, String name) throws FieldException {
        return s.isEmpty() ? null : parseDouble(s, name);
    }

    private static double parseDouble(String s, String name) throws FieldException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' && i == 0)) {
                throw new FieldException(name + " '" + s + "' is not a number");
            }
        }
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            throw new FieldException(name + " '" + s + "' is not a number");
        }
    }

    private static void put(Map<String, Object> m, String name, Double v) {
        if (v != null) {
            m.put(name, v);
        }
    }

    private static void text(Map<String, Object> m, String name, String v) {
        if (!v.isEmpty()) {
            m.put(name, v);
        }
    }

    private static void need(String[] f, int fields, String type) throws FieldException {
        if (f.length - 1 < fields) {
            throw new FieldException(type + " has " + (f.length - 1) + " fields, needs at least " + fields);
        }
    }

    private static boolean alnum(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9')) {
                return false;
            }
        }
        return true;
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** The checksum of a sentence body (between {@code $} and {@code *}), for writers and tests. */
    public static String checksum(CharSequence body) {
        int sum = 0;
        for (int i = 0; i < body.length(); i++) {
            sum ^= body.charAt(i);
        }
        return String.format("%02X", sum);
    }

    /** {@code $body*hh} for a body without {@code $} and checksum. */
    public static String sentence(String body) {
        return "$" + body + "*" + checksum(body);
    }

    static final class FieldException extends Exception {
        FieldException(String message) {
            super(message, null, false, false);
        }
    }
}
