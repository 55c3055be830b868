package org.hanedge.contract.senml;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;

import com.fasterxml.jackson.core.JsonGenerator;

/**
 * A number ready for the wire: converted to its registered unit and rounded to the precision, as an exact decimal.
 * CBOR writes it in the smallest form that reads back as the same decimal: an integer, a float32 whose shortest
 * decimal is the value, else a float64. JSON writes the decimal.
 *
 * @param value the value in {@code unit}
 * @param unit  the registered unit ({@code u}), or null
 */
record WireNumber(BigDecimal value, String unit) {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /**
     * @param value     a finite number in {@code fieldUnit}
     * @param fieldUnit the profile's unit, or null
     * @param step      the precision in the field unit (e.g. 0.1), or null to keep the double's shortest decimal
     */
    static WireNumber of(double value, String fieldUnit, BigDecimal step) {
        BigDecimal v = step == null ? BigDecimal.valueOf(value) : SenmlUnits.round(new BigDecimal(value), step);
        String wire = SenmlUnits.wireUnit(fieldUnit).orElse(null);
        if (wire == null || wire.equals(fieldUnit)) {
            return new WireNumber(v.stripTrailingZeros(), wire);
        }
        BigDecimal converted = SenmlUnits.convert(v, fieldUnit, wire);
        BigDecimal wireStep = step == null ? null : SenmlUnits.convertStep(step, fieldUnit, wire);
        BigDecimal rounded = wireStep == null ? converted.round(new java.math.MathContext(12))
                : SenmlUnits.round(converted, wireStep);
        return new WireNumber(rounded.stripTrailingZeros(), wire);
    }

    void writeJson(JsonGenerator g) throws IOException {
        g.writeNumber(plain(value));
    }

    void writeCbor(JsonGenerator g) throws IOException {
        writeCbor(g, value);
    }

    static void writeCbor(JsonGenerator g, BigDecimal value) throws IOException {
        if (value.signum() == 0 || value.scale() <= 0 || value.stripTrailingZeros().scale() <= 0) {
            BigInteger i = value.toBigInteger();
            if (i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0) {
                g.writeNumber(i.longValue());
                return;
            }
        }
        float f = value.floatValue();
        if (Float.isFinite(f) && new BigDecimal(Float.toString(f)).compareTo(value) == 0) {
            g.writeNumber(f);
        } else {
            g.writeNumber(value.doubleValue());
        }
    }

    /** A plain decimal string without exponent when short ({@code 0.04487}, not {@code 4.487E-2}). */
    static BigDecimal plain(BigDecimal v) {
        return v.scale() < 0 ? v.setScale(0) : v;
    }
}
