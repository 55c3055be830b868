package org.hanedge.simulators.modbus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FaultTest {
    @Test
    void parsesCommands() {
        assertEquals(Fault.slow(Duration.ofMillis(800)), Fault.parse("fault slow 800ms"));
        assertEquals(Fault.slow(Duration.ofMillis(2000)), Fault.parse("slow 2s"));
        assertEquals(Fault.exception(4), Fault.parse("fault exception 4"));
        assertEquals(Fault.timeout(), Fault.parse("timeout"));
        assertEquals(Fault.drop(), Fault.parse("fault drop"));
        assertEquals(Fault.garble().withProbability(0.3), Fault.parse("fault garble 0.3"));
        assertEquals(Fault.slow(Duration.ofMillis(500)).withProbability(0.5), Fault.parse("slow 500ms 0.5"));
        assertEquals(Fault.NONE, Fault.parse("fault none"));
        assertEquals("garble 0.3", Fault.parse("garble 0.3").toString());
    }

    @Test
    void rejectsNonsense() {
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("fault"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("fault melt"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("slow"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("exception 0"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("garble 1.5"));
        assertThrows(IllegalArgumentException.class, () -> Fault.parse("drop 0.5 extra"));
    }
}
