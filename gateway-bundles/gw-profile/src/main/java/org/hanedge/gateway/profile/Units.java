package org.hanedge.gateway.profile;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The units a profile channel may declare. They go on the wire unchanged as the SenML {@code u} field, so the set is
 * the SenML unit registry (RFC 8428 primary units, RFC 8798 additional primary and secondary units) plus a few UCUM
 * codes that field instruments need and SenML does not register. Units are case-sensitive ({@code Cel}, not
 * {@code cel}). The table in docs/profiles.md lists the same set.
 */
public final class Units {
    /** RFC 8428 section 12.1. */
    static final List<String> RFC8428 = List.of(
            "m", "kg", "g", "s", "A", "K", "cd", "mol", "Hz", "rad", "sr", "N", "Pa", "J", "W", "C", "V", "F", "Ohm",
            "S", "Wb", "T", "H", "Cel", "lm", "lx", "Bq", "Gy", "Sv", "kat", "m2", "m3", "l", "m/s", "m/s2", "m3/s",
            "l/s", "W/m2", "cd/m2", "bit", "bit/s", "lat", "lon", "pH", "dB", "dBW", "Bspl", "count", "/", "%", "%RH",
            "%EL", "EL", "1/s", "1/min", "beat/min", "beats", "S/m");
    /** RFC 8798 section 2: additional primary units. */
    static final List<String> RFC8798_PRIMARY = List.of("B", "VA", "VAs", "var", "vars", "J/m", "kg/m3", "deg");
    /** RFC 8798 section 3: secondary units (linear transformations of primary units). */
    static final List<String> RFC8798_SECONDARY = List.of(
            "ms", "min", "h", "MHz", "kW", "kVA", "kvar", "Ah", "Wh", "kWh", "varh", "kvarh", "kVAh", "Wh/km", "KiB",
            "GB", "Mbit/s", "B/s", "MB/s", "mV", "mA", "dBm", "ug/m3", "mm/h", "m/h", "ppm", "/100", "/1000", "hPa",
            "mm", "cm", "km", "km/h");
    /** UCUM codes HanEdge accepts beyond the SenML registry (instrument units with no SenML name). */
    static final List<String> UCUM_EXTRA = List.of(
            "bar", "mbar", "kPa", "MPa", "m3/h", "l/min", "t", "mg/L", "ug/L", "uS/cm", "mS/cm", "[kn_i]", "NTU",
            "FNU", "ppb");

    private static final Set<String> ALL;

    static {
        Set<String> all = new LinkedHashSet<>();
        all.addAll(RFC8428);
        all.addAll(RFC8798_PRIMARY);
        all.addAll(RFC8798_SECONDARY);
        all.addAll(UCUM_EXTRA);
        ALL = Collections.unmodifiableSet(all);
    }

    /** Common spellings that are not in the set, and the unit to write instead. */
    private static final Map<String, String> HINTS = Map.ofEntries(
            Map.entry("rpm", "1/min"), Map.entry("RPM", "1/min"), Map.entry("degC", "Cel"), Map.entry("°C", "Cel"),
            Map.entry("C°", "Cel"), Map.entry("L", "l"), Map.entry("L/s", "l/s"), Map.entry("L/min", "l/min"),
            Map.entry("µS/cm", "uS/cm"), Map.entry("mg/l", "mg/L"), Map.entry("kn", "[kn_i]"),
            Map.entry("knots", "[kn_i]"), Map.entry("kt", "[kn_i]"), Map.entry("°", "deg"),
            Map.entry("%sat", "%"), Map.entry("m³/h", "m3/h"), Map.entry("m3/hr", "m3/h"), Map.entry("hr", "h"),
            Map.entry("sec", "s"), Map.entry("ntu", "NTU"));

    private Units() {
    }

    /** Whether {@code unit} may be declared by a channel. */
    public static boolean isKnown(String unit) {
        return ALL.contains(unit);
    }

    /** Every accepted unit, in registry order. */
    public static Set<String> all() {
        return ALL;
    }

    /** The accepted unit someone writing {@code unit} most likely meant, if any. */
    public static Optional<String> suggest(String unit) {
        String hint = HINTS.get(unit);
        if (hint != null) {
            return Optional.of(hint);
        }
        return ALL.stream().filter(u -> u.equalsIgnoreCase(unit)).findFirst();
    }
}
