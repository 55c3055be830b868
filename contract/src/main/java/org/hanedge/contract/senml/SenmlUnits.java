package org.hanedge.contract.senml;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * SenML units: which unit names are registered (RFC 8428 §12.1 primary units, RFC 8798 §2 new primary units and
 * §3 secondary units), and linear conversions {@code base = value * factor + offset} between units of one quantity.
 *
 * <p>Mapping rule for a profile's field unit ({@link #wireUnit}): a registered unit travels as it is; an unregistered
 * one we know (the HanEdge additions of docs/profiles.md) is converted to a registered unit; any other travels
 * without {@code u} and unconverted (NTU, FNU: there is no registered turbidity unit). The table is in docs/profiles.md.
 */
public final class SenmlUnits {
    private static final MathContext MC = MathContext.DECIMAL128;

    /** RFC 8428 §12.1 and RFC 8798 §2 primary units. */
    private static final Set<String> PRIMARY = Set.of("m", "kg", "g", "s", "A", "K", "cd", "mol", "Hz", "rad", "sr",
            "N", "Pa", "J", "W", "C", "V", "F", "Ohm", "S", "Wb", "T", "H", "Cel", "lm", "lx", "Bq", "Gy", "Sv", "kat",
            "m2", "m3", "l", "m/s", "m/s2", "m3/s", "l/s", "W/m2", "cd/m2", "bit", "bit/s", "lat", "lon", "pH", "dB",
            "dBW", "Bspl", "count", "/", "%", "%RH", "%EL", "EL", "1/s", "1/min", "beat/min", "beats", "S/m",
            "B", "VA", "VAs", "var", "vars", "J/m", "kg/m3", "deg");

    /** unit -> (base unit, factor, offset). Secondary units of RFC 8798 §3 and our unregistered field units. */
    private static final Map<String, Linear> TO_BASE = new HashMap<>();
    /** RFC 8798 §3 secondary units. */
    private static final Set<String> SECONDARY = Set.of("ms", "min", "h", "MHz", "kW", "kVA", "kvar", "Ah", "Wh",
            "kWh", "varh", "kvarh", "kVAh", "Wh/km", "KiB", "GB", "Mbit/s", "B/s", "MB/s", "mV", "mA", "dBm", "ug/m3",
            "mm/h", "m/h", "ppm", "/100", "/1000", "hPa", "mm", "cm", "km", "km/h");
    /** Unregistered field units we convert, and the registered unit they travel in. */
    private static final Map<String, String> WIRE_FOR = Map.ofEntries(Map.entry("bar", "Pa"),
            Map.entry("mbar", "hPa"), Map.entry("kPa", "Pa"), Map.entry("MPa", "Pa"), Map.entry("uS/cm", "S/m"),
            Map.entry("mS/cm", "S/m"), Map.entry("mg/L", "kg/m3"), Map.entry("ug/L", "kg/m3"),
            Map.entry("m3/h", "m3/s"), Map.entry("l/min", "l/s"), Map.entry("t", "kg"), Map.entry("ppb", "/"),
            Map.entry("[kn_i]", "km/h"));

    static {
        base("ms", "s", "0.001", "1");
        base("min", "s", "60", "1");
        base("h", "s", "3600", "1");
        base("MHz", "Hz", "1000000", "1");
        base("kW", "W", "1000", "1");
        base("kVA", "VA", "1000", "1");
        base("kvar", "var", "1000", "1");
        base("Ah", "C", "3600", "1");
        base("Wh", "J", "3600", "1");
        base("kWh", "J", "3600000", "1");
        base("varh", "vars", "3600", "1");
        base("kvarh", "vars", "3600000", "1");
        base("kVAh", "VAs", "3600000", "1");
        base("Wh/km", "J/m", "3.6", "1");
        base("KiB", "B", "1024", "1");
        base("GB", "B", "1000000000", "1");
        base("Mbit/s", "bit/s", "1000000", "1");
        base("B/s", "bit/s", "8", "1");
        base("MB/s", "bit/s", "8000000", "1");
        base("mV", "V", "0.001", "1");
        base("mA", "A", "0.001", "1");
        TO_BASE.put("dBm", new Linear("dBW", BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-30")));
        base("ug/m3", "kg/m3", "0.000000001", "1");
        base("mm/h", "m/s", "1", "3600000");
        base("m/h", "m/s", "1", "3600");
        base("ppm", "/", "0.000001", "1");
        base("/100", "/", "0.01", "1");
        base("/1000", "/", "0.001", "1");
        base("hPa", "Pa", "100", "1");
        base("mm", "m", "0.001", "1");
        base("cm", "m", "0.01", "1");
        base("km", "m", "1000", "1");
        base("km/h", "m/s", "1", "3.6");
        // unregistered field units of our profiles
        base("bar", "Pa", "100000", "1");
        base("uS/cm", "S/m", "0.0001", "1");
        base("mg/L", "kg/m3", "0.001", "1");
        base("m3/h", "m3/s", "1", "3600");
        base("[kn_i]", "m/s", "1852", "3600");
        base("mbar", "Pa", "100", "1");
        base("kPa", "Pa", "1000", "1");
        base("MPa", "Pa", "1000000", "1");
        base("mS/cm", "S/m", "0.1", "1");
        base("ug/L", "kg/m3", "0.000001", "1");
        base("l/min", "m3/s", "0.001", "60");
        base("l/s", "m3/s", "0.001", "1");
        base("l", "m3", "0.001", "1");
        base("t", "kg", "1000", "1");
        base("ppb", "/", "0.000000001", "1");
        TO_BASE.put("K", new Linear("Cel", BigDecimal.ONE, BigDecimal.ONE, new BigDecimal("-273.15")));
    }

    private SenmlUnits() {
    }

    private static void base(String unit, String base, String factor, String divisor) {
        TO_BASE.put(unit, new Linear(base, new BigDecimal(factor), new BigDecimal(divisor), BigDecimal.ZERO));
    }

    /** {@code base = value * factor / divisor + offset}. */
    private record Linear(String base, BigDecimal factor, BigDecimal divisor, BigDecimal offset) {
    }

    /** Whether {@code unit} is in the SenML units registry (primary) or the secondary units registry. */
    public static boolean isRegistered(String unit) {
        return unit != null && (PRIMARY.contains(unit) || SECONDARY.contains(unit));
    }

    /**
     * The unit a field unit travels in: itself when registered, the registered unit we convert it to, or empty
     * (then the record carries no {@code u} and the value in the field unit).
     */
    public static Optional<String> wireUnit(String fieldUnit) {
        if (fieldUnit == null) {
            return Optional.empty();
        }
        if (isRegistered(fieldUnit)) {
            return Optional.of(fieldUnit);
        }
        return Optional.ofNullable(WIRE_FOR.get(fieldUnit));
    }

    /** Whether {@code from} converts to {@code to} (same unit, or both known with the same base). */
    public static boolean convertible(String from, String to) {
        return from != null && to != null && (from.equals(to) || baseOf(from).equals(baseOf(to)));
    }

    /**
     * Converts {@code value} from unit {@code from} to unit {@code to}, exactly where the factors allow (divisions by
     * 3600 or 3.6 keep 34 significant digits).
     *
     * @throws IllegalArgumentException naming both units when they measure different things or one is unknown
     */
    public static BigDecimal convert(BigDecimal value, String from, String to) {
        if (from.equals(to)) {
            return value;
        }
        if (!convertible(from, to)) {
            throw new IllegalArgumentException("unit \"" + Texts.clip(from, 32) + "\" does not convert to \""
                    + Texts.clip(to, 32) + "\"");
        }
        BigDecimal base = toBase(value, from);
        return fromBase(base, to);
    }

    /** {@link #convert(BigDecimal, String, String)} for doubles (the result rounded to the nearest double). */
    public static double convert(double value, String from, String to) {
        if (from.equals(to)) {
            return value;
        }
        return convert(BigDecimal.valueOf(value), from, to).doubleValue();
    }

    /**
     * The step in unit {@code to} that keeps a value rounded to {@code step} in unit {@code from}: the step converted,
     * rounded down to a power of ten (so {@code 0.1 uS/cm} gives {@code 0.00001 S/m}, {@code 0.1 m3/h} gives
     * {@code 0.00001 m3/s}). Converting back and rounding to {@code step} then gives the original value.
     */
    public static BigDecimal convertStep(BigDecimal step, String from, String to) {
        if (from.equals(to)) {
            return step;
        }
        Linear f = link(from);
        Linear t = link(to);
        BigDecimal converted = step.multiply(f.factor).divide(f.divisor, MC).multiply(t.divisor).divide(t.factor, MC)
                .abs();
        int exponent = (int) Math.floor(Math.log10(converted.doubleValue()) + 1e-12);
        return BigDecimal.ONE.scaleByPowerOfTen(exponent);
    }

    private static String baseOf(String unit) {
        Linear l = TO_BASE.get(unit);
        return l == null ? unit : l.base;
    }

    private static Linear link(String unit) {
        Linear l = TO_BASE.get(unit);
        return l != null ? l : new Linear(unit, BigDecimal.ONE, BigDecimal.ONE, BigDecimal.ZERO);
    }

    private static BigDecimal toBase(BigDecimal value, String unit) {
        Linear l = link(unit);
        return value.multiply(l.factor).divide(l.divisor, MC).add(l.offset);
    }

    private static BigDecimal fromBase(BigDecimal base, String unit) {
        Linear l = link(unit);
        return base.subtract(l.offset).multiply(l.divisor).divide(l.factor, MC);
    }

    /** Rounds {@code value} to a multiple of {@code step} (half up), without trailing zeros beyond the step's scale. */
    public static BigDecimal round(BigDecimal value, BigDecimal step) {
        if (step == null) {
            return value;
        }
        if (step.signum() <= 0) {
            throw new IllegalArgumentException("precision step must be positive, got " + step.toPlainString());
        }
        BigDecimal units = value.divide(step, 0, RoundingMode.HALF_UP);
        BigDecimal r = units.multiply(step);
        return r.signum() == 0 ? BigDecimal.ZERO : r.stripTrailingZeros();
    }
}
