package org.hanedge.gateway.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.hanedge.contract.senml.SenmlUnits;
import org.junit.jupiter.api.Test;

/**
 * Every unit a profile may declare goes on the wire in a registered SenML unit, except the turbidity units, which
 * SenmlUnits sends without {@code u} (docs/profiles.md, "Units").
 */
class UnitsOnTheWireTest {
    private static final Set<String> SENT_WITHOUT_U = Set.of("NTU", "FNU");

    @Test
    void everyAcceptedUnitIsRegisteredConvertedOrTheDocumentedTurbidityUnits() {
        Set<String> withoutWireUnit = new TreeSet<>();
        for (String unit : Units.all()) {
            Optional<String> wire = SenmlUnits.wireUnit(unit);
            if (wire.isEmpty()) {
                withoutWireUnit.add(unit);
            } else {
                assertTrue(SenmlUnits.isRegistered(wire.get()), unit + " -> " + wire.get() + " is not registered");
                assertTrue(SenmlUnits.convertible(unit, wire.get()), unit + " does not convert to " + wire.get());
            }
        }
        assertEquals(SENT_WITHOUT_U, withoutWireUnit);
    }
}
