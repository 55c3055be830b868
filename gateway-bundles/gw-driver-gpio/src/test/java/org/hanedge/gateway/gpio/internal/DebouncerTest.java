package org.hanedge.gateway.gpio.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DebouncerTest {
    private static final long MS = 1_000_000L;

    @Test
    void glitchShorterThanDebounceIsIgnored() {
        Debouncer d = new Debouncer(50 * MS, false);
        assertEquals(Debouncer.NONE, d.onRaw(true, 0));
        assertEquals(Debouncer.NONE, d.onRaw(false, 49 * MS));
        assertEquals(Debouncer.NONE, d.onTime(1000 * MS));
        assertFalse(d.level());
        assertEquals(Long.MAX_VALUE, d.deadline());
    }

    @Test
    void levelHeldForDebounceIsAcceptedAndDatedAtItsStart() {
        Debouncer d = new Debouncer(50 * MS, false);
        d.onRaw(true, 10 * MS);
        assertEquals(60 * MS, d.deadline());
        assertEquals(Debouncer.NONE, d.onTime(59 * MS));
        assertEquals(10 * MS, d.onTime(60 * MS));
        assertTrue(d.acceptedLevel());
        assertTrue(d.level());
    }

    @Test
    void changeArrivingAfterTheHoldCommitsThePendingEdgeFirst() {
        Debouncer d = new Debouncer(50 * MS, false);
        d.onRaw(true, 0);
        long edge = d.onRaw(false, 70 * MS); // timer not yet run, but true held 70 ms
        assertEquals(0, edge);
        assertTrue(d.acceptedLevel());
        assertEquals(70 * MS, d.onTime(120 * MS));
        assertFalse(d.acceptedLevel());
    }

    @Test
    void chatterYieldsOneEdge() {
        Debouncer d = new Debouncer(20 * MS, false);
        int edges = 0;
        long t = 0;
        for (int i = 0; i < 10; i++) { // contact bounce: 2 ms on, 1 ms off
            edges += d.onRaw(true, t) != Debouncer.NONE ? 1 : 0;
            edges += d.onRaw(false, t + 2 * MS) != Debouncer.NONE ? 1 : 0;
            t += 3 * MS;
        }
        edges += d.onRaw(true, t) != Debouncer.NONE ? 1 : 0;
        assertEquals(0, edges);
        assertEquals(t, d.onTime(t + 20 * MS));
        assertEquals(Debouncer.NONE, d.onTime(t + 500 * MS));
    }

    @Test
    void zeroDebounceAcceptsEveryChangeAndIgnoresRepeats() {
        Debouncer d = new Debouncer(0, false);
        assertEquals(5, d.onRaw(true, 5));
        assertEquals(Debouncer.NONE, d.onRaw(true, 6));
        assertEquals(7, d.onRaw(false, 7));
        assertFalse(d.acceptedLevel());
    }
}
