package org.hanedge.gateway.uplink.mqtt.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Bad commands are logged at WARN at a bounded rate (fake clock). */
class WarnLimiterTest {
    @Test
    void atMostBurstWarningsPerWindowThenDebugUntilTheNextWindow() {
        AtomicLong now = new AtomicLong(1_000);
        WarnLimiter w = new WarnLimiter(LoggerFactory.getLogger(WarnLimiterTest.class), 3, 60_000, now::get);
        int warned = 0;
        for (int i = 0; i < 100; i++) {
            if (w.warn("bad command " + i)) {
                warned++;
            }
        }
        assertEquals(3, warned, "a flood costs the log three lines per minute");
        now.addAndGet(59_999);
        assertFalse(w.warn("still the same minute"));
        now.addAndGet(1);
        assertTrue(w.warn("next minute"));
    }

    @Test
    void controlCharactersFromOutsideCannotSplitALogLine() {
        assertEquals("cmd/a?b?c", WarnLimiter.printable("cmd/a\nb\rc"));
    }
}
