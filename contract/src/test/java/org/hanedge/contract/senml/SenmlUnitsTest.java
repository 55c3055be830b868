package org.hanedge.contract.senml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.Optional;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SenmlUnitsTest {
    /** Every HanEdge addition maps to a registered unit, and a value at its precision comes back exactly. */
    @ParameterizedTest
    @CsvSource({
        "bar, Pa, 2.35, 0.01", "mbar, hPa, 1013.2, 0.1", "kPa, Pa, 101.3, 0.1", "MPa, Pa, 1.25, 0.01",
        "uS/cm, S/m, 448.7, 0.1", "mS/cm, S/m, 2.51, 0.01", "mg/L, kg/m3, 6.84, 0.01", "ug/L, kg/m3, 12.5, 0.1",
        "m3/h, m3/s, 123.4, 0.1", "l/min, l/s, 37.5, 0.1", "t, kg, 7.35, 0.01", "ppb, /, 42, 1",
        "[kn_i], km/h, 7.3, 0.1", "Cel, Cel, 28.3, 0.1", "mm/h, mm/h, 58, 1",
    })
    void fieldUnitsRoundTripThroughTheirWireUnit(String field, String wire, String value, String step) {
        assertEquals(Optional.of(wire), SenmlUnits.wireUnit(field));
        assertTrue(SenmlUnits.isRegistered(wire));
        WireNumber n = WireNumber.of(Double.parseDouble(value) + 1e-9, field, new BigDecimal(step));
        assertEquals(wire, n.unit());
        BigDecimal back = SenmlUnits.round(SenmlUnits.convert(n.value(), wire, field), new BigDecimal(step));
        assertEquals(0, new BigDecimal(value).compareTo(back), field + " " + n.value() + " -> " + back);
    }

    @ParameterizedTest
    @CsvSource({"NTU", "FNU", "furlong"})
    void unregisteredUnitsTravelWithoutU(String unit) {
        assertEquals(Optional.empty(), SenmlUnits.wireUnit(unit));
        assertEquals(null, WireNumber.of(12.34, unit, null).unit());
    }

    @ParameterizedTest
    @CsvSource({"Cel, m", "NTU, Pa"})
    void incompatibleUnitsAreRefusedByName(String from, String to) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SenmlUnits.convert(BigDecimal.ONE, from, to));
        assertTrue(e.getMessage().contains(from) && e.getMessage().contains(to), e.getMessage());
    }
}
